import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { adaptiveClientConfig } from '#adapters/aws/client-config.js';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/index.js';
import type { Lineage } from '#core/lineage/index.js';
import { formatLineageReport } from '#core/lineage/index.js';
import { CliExit, type CliIo, EXIT_FAILED } from '../io.js';

/** Ledger table used when neither `--table` nor `BATCH_RETRY_LEDGER_TABLE` names one. */
export const DEFAULT_LEDGER_TABLE = 'batch-retry-ledger';

interface LineageOptions {
  readonly table?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly json?: boolean;
}

/**
 * `batch-retry lineage <jobId>`: reads the retry ledger in DynamoDB (standard AWS credential chain)
 * and prints the chain from the root job to its latest resubmission, or the Lineage as JSON. Exits 1
 * when the job is unknown or the table cannot be read.
 */
export function registerLineageCommand(program: Command, io: CliIo): void {
  program
    .command('lineage')
    .description(
      'show what the orchestrator did with a job: every failure, its class, the decision and the retries',
    )
    .argument('<jobId>', 'any job id of the lineage: the original job or one of its resubmissions')
    .option('--table <name>', `ledger table (default: $BATCH_RETRY_LEDGER_TABLE or ${DEFAULT_LEDGER_TABLE})`)
    .option('--region <region>', 'AWS region of the table (default: the SDK default chain)')
    .option('--endpoint-url <url>', 'DynamoDB endpoint, e.g. a local dynalite')
    .option('--profile <name>', 'AWS profile for credentials and region')
    .option('--json', 'print the lineage as JSON')
    .action(async (jobId: string, options: LineageOptions) => {
      const table = options.table ?? process.env.BATCH_RETRY_LEDGER_TABLE ?? DEFAULT_LEDGER_TABLE;
      const client = new DynamoDBClient({
        ...adaptiveClientConfig({
          ...(options.region === undefined ? {} : { region: options.region }),
          ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
        }),
        ...(options.profile === undefined ? {} : { profile: options.profile }),
      });
      try {
        const lineage = await readLineage(client, table, jobId, io);
        io.stdout.write(
          options.json ? `${JSON.stringify(lineage, null, 2)}\n` : formatLineageReport(lineage, jobId),
        );
      } finally {
        client.destroy();
      }
    });
}

/** The lineage `jobId` belongs to; prints why and throws CliExit(1) when there is none. */
async function readLineage(
  client: DynamoDBClient,
  table: string,
  jobId: string,
  io: CliIo,
): Promise<Lineage> {
  const ledger = createDynamoDbLedger({ client, tableName: table });
  const fail = (message: string): never => {
    io.stderr.write(`batch-retry lineage: ${message}\n`);
    throw new CliExit(EXIT_FAILED);
  };
  let rootJobId: string | undefined;
  let lineage: Lineage | undefined;
  try {
    rootJobId = await ledger.findRootJobId(jobId);
    lineage = rootJobId === undefined ? undefined : await ledger.getLineage(rootJobId);
  } catch (error) {
    const sdkError = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const what = sdkError instanceof Error ? `${sdkError.name}: ${sdkError.message}` : String(sdkError);
    return fail(
      `could not read ledger table ${table}: ${what}\n` +
        'Check the table name (--table or BATCH_RETRY_LEDGER_TABLE), the region (--region) and your AWS ' +
        'credentials (--profile or the environment).',
    );
  }
  if (rootJobId === undefined) {
    return fail(
      `job ${jobId} is not in ledger table ${table}.\n` +
        'The orchestrator has no record of it: the job has not failed, is not managed by a policy, its ' +
        'failure has not been processed yet, or its record expired. Check the job id and the table, and ' +
        'look for the job in the decide function logs.',
    );
  }
  if (lineage === undefined) {
    return fail(
      `job ${jobId} belongs to lineage ${rootJobId}, but table ${table} holds no record for that lineage ` +
        '(it expired, or a write was interrupted). Look for the job in the decide function logs.',
    );
  }
  return lineage;
}
