import { type Command, Option } from 'commander';
import type { Lineage } from '#core/lineage/index.js';
import {
  type AwsOptionValues,
  awsCall,
  awsOptions,
  type CliIo,
  type CommandContext,
  commandAction,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
  resolveAws,
  unusableInput,
} from '../kit/index.js';

/** Ledger table used when neither `--table` nor `BATCH_RETRY_LEDGER_TABLE` names one. */
export const DEFAULT_LEDGER_TABLE = 'batch-retry-ledger';

interface LineageOptions extends AwsOptionValues, OutputOptionValues {
  readonly table?: string;
}

/**
 * `batch-retry lineage <jobId>`: reads the retry ledger in DynamoDB and prints the chain from the
 * root job to its latest resubmission, or the Lineage as JSON. Exits 2 when the job is not in the
 * ledger (or the AWS options cannot be used), 3 when the table cannot be read.
 */
export function registerLineageCommand(program: Command, io: CliIo): void {
  const command = program
    .command('lineage')
    .description(
      'show what the orchestrator did with a job: every failure, its class, the decision, the retries',
    )
    .argument('<jobId>', 'any job id of the lineage: the original job or one of its resubmissions')
    .addOption(
      new Option('--table <name>', 'ledger table').default(
        undefined,
        `$BATCH_RETRY_LEDGER_TABLE, else ${DEFAULT_LEDGER_TABLE}`,
      ),
    );
  for (const option of [...awsOptions('DynamoDB'), ...outputOptions('the lineage as one JSON object')]) {
    command.addOption(option);
  }
  command.action(commandAction(io, lineage));
}

async function lineage(context: CommandContext, jobId: string, options: LineageOptions): Promise<void> {
  const table = options.table ?? process.env.BATCH_RETRY_LEDGER_TABLE ?? DEFAULT_LEDGER_TABLE;
  const aws = await resolveAws(options);
  // The AWS SDK is loaded only by the commands that talk to AWS.
  const [{ DynamoDBClient }, { adaptiveClientConfig }, { createDynamoDbLedger }, { formatLineageReport }] =
    await Promise.all([
      import('@aws-sdk/client-dynamodb'),
      import('#adapters/aws/client-config.js'),
      import('#adapters/aws/dynamodb/index.js'),
      import('#core/lineage/index.js'),
    ]);
  const client = new DynamoDBClient({
    ...adaptiveClientConfig({
      region: aws.region,
      ...(aws.endpoint === undefined ? {} : { endpoint: aws.endpoint }),
    }),
    ...(aws.profile === undefined ? {} : { profile: aws.profile }),
  });
  try {
    const ledger = createDynamoDbLedger({ client, tableName: table });
    const found = await awsCall(`DynamoDB table ${table}`, async () => {
      try {
        const rootJobId = await ledger.findRootJobId(jobId);
        return {
          rootJobId,
          lineage: rootJobId === undefined ? undefined : await ledger.getLineage(rootJobId),
        };
      } catch (error) {
        // The ledger wraps SDK errors; say what AWS said.
        throw error instanceof Error && error.cause instanceof Error ? error.cause : error;
      }
    });
    const chain = requireLineage(jobId, table, found);
    await context.out.write(
      outputFormat(options) === 'json'
        ? `${JSON.stringify(chain, null, 2)}\n`
        : formatLineageReport(chain, jobId),
    );
  } finally {
    client.destroy();
  }
}

/** The lineage found, or why there is none (exit 2): the job is not in the ledger, or its record is gone. */
function requireLineage(
  jobId: string,
  table: string,
  found: { rootJobId: string | undefined; lineage: Lineage | undefined },
): Lineage {
  if (found.rootJobId === undefined) {
    throw unusableInput(
      `job ${jobId}`,
      `is not in ledger table ${table}: the job has not failed, no policy manages it, its failure has not been ` +
        'processed yet, or its record expired; check the job id and the table, and look for the job in the decide function logs',
    );
  }
  if (found.lineage === undefined) {
    throw unusableInput(
      `job ${jobId}`,
      `belongs to lineage ${found.rootJobId}, but table ${table} holds no record for that lineage (it expired, or a ` +
        'write was interrupted); look for the job in the decide function logs',
    );
  }
  return found.lineage;
}
