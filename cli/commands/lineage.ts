import type { BatchClient } from '@aws-sdk/client-batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { createBatchClient, describeJobDetail } from '#adapters/aws/batch/index.js';
import { adaptiveClientConfig } from '#adapters/aws/client-config.js';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/index.js';
import { parseEvent } from '#core/events/index.js';
import type { Lineage } from '#core/lineage/index.js';
import { formatLineageReport, lineageRefOf } from '#core/lineage/index.js';
import { maskEnvironment } from '#core/submit/index.js';
import { CliExit, type CliIo, EXIT_FAILED } from '../io.js';

/** Ledger table used when neither `--table` nor `BATCH_RETRY_LEDGER_TABLE` names one. */
export const DEFAULT_LEDGER_TABLE = 'batch-retry-ledger';

interface LineageOptions {
  readonly table?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly json?: boolean;
  readonly showEnvironment?: boolean;
}

/** The lineage with the environment values of its stored requests masked. */
function masked(lineage: Lineage): Lineage {
  return {
    ...lineage,
    decisions: lineage.decisions.map((d) =>
      d.request === undefined ? d : { ...d, request: maskEnvironment(d.request) },
    ),
  };
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
    .option(
      '--show-environment',
      'print the values of environment variables in stored requests (masked by default)',
    )
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
        let batch: BatchClient | undefined;
        const batchClient = () => {
          batch ??= createBatchClient({
            ...(options.region === undefined ? {} : { region: options.region }),
            ...(options.profile === undefined ? {} : { profile: options.profile }),
          });
          return batch;
        };
        const lineage = await readLineage(client, table, jobId, io, batchClient);
        io.stdout.write(
          options.json
            ? `${JSON.stringify(options.showEnvironment === true ? lineage : masked(lineage), null, 2)}\n`
            : formatLineageReport(lineage, jobId),
        );
      } finally {
        client.destroy();
      }
    });
}

/**
 * The lineage `jobId` belongs to; prints why and throws CliExit(1) when there is none. A root job's
 * lineage is keyed by its own id; a resubmitted child names its root in its tags (or, on EKS, its pod
 * labels), which DescribeJobs returns while Batch still keeps the job (at least 7 days).
 */
async function readLineage(
  client: DynamoDBClient,
  table: string,
  jobId: string,
  io: CliIo,
  batchClient: () => BatchClient,
): Promise<Lineage> {
  const ledger = createDynamoDbLedger({ client, tableName: table });
  const fail = (message: string): never => {
    io.stderr.write(`batch-retry lineage: ${message}\n`);
    throw new CliExit(EXIT_FAILED);
  };
  let lineage: Lineage | undefined;
  try {
    lineage = await ledger.getLineage(jobId);
  } catch (error) {
    const sdkError = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const what = sdkError instanceof Error ? `${sdkError.name}: ${sdkError.message}` : String(sdkError);
    return fail(
      `could not read ledger table ${table}: ${what}\n` +
        'Check the table name (--table or BATCH_RETRY_LEDGER_TABLE), the region (--region) and your AWS ' +
        'credentials (--profile or the environment).',
    );
  }
  if (lineage !== undefined) return lineage;
  const rootJobId = await rootOf(jobId, batchClient);
  const found = rootJobId === undefined ? undefined : await ledger.getLineage(rootJobId);
  if (found !== undefined) return found;
  return fail(
    `job ${jobId} is not in ledger table ${table}.\n` +
      'The orchestrator has no record of it: the job has not failed, is not managed by a policy, its ' +
      'failure has not been processed yet, or its record expired. A resubmitted job is found through ' +
      'its batch-retry:root-job-id tag, which needs batch:DescribeJobs. Check the job id and the table, ' +
      'and look for the job in the decide function logs.',
  );
}

/** The root job a resubmitted job's tags name, if Batch still knows the job and it carries them. */
async function rootOf(jobId: string, batchClient: () => BatchClient): Promise<string | undefined> {
  try {
    const detail = await describeJobDetail(batchClient(), jobId);
    return detail === undefined ? undefined : lineageRefOf(parseEvent(detail, `job ${jobId}`))?.rootJobId;
  } catch {
    return undefined;
  }
}
