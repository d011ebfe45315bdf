import type { Command } from 'commander';
import type { Lineage } from '#core/lineage/index.js';
import {
  type AwsOptionValues,
  type AwsSettings,
  awsCall,
  awsOptions,
  type CliIo,
  type CommandContext,
  commandAction,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
  unusableInput,
} from '../kit/index.js';
import { openLedger, regional, tableOption } from './ledger-access.js';
import { registerLineageListCommand } from './lineage-list.js';
import { registerLineageWaitCommand } from './lineage-wait.js';

interface LineageOptions extends AwsOptionValues, OutputOptionValues {
  readonly table?: string;
  readonly showEnvironment?: boolean;
}

/**
 * `batch-retry lineage <jobId>`: reads the retry ledger in DynamoDB and prints the chain from the
 * root job to its latest resubmission, or the Lineage as JSON (environment values of the stored
 * requests masked unless `--show-environment`). A resubmitted child is found through the
 * `batch-retry:root-job-id` tag Batch reports for it (DescribeJobs). Exits 2 when the job is not in
 * the ledger (or the AWS options cannot be used), 3 when the table cannot be read. Its subcommands
 * `lineage list` and `lineage wait` list recent lineages and wait for one to end.
 */
export function registerLineageCommand(program: Command, io: CliIo): void {
  const command = program
    .command('lineage')
    .enablePositionalOptions()
    .description(
      'show what the orchestrator did with a job: every failure, its class, the decision, the retries',
    )
    .argument('<jobId>', 'any job id of the lineage: the original job or one of its resubmissions')
    .addOption(tableOption())
    .option(
      '--show-environment',
      'print the values of environment variables in stored requests (masked by default)',
    );
  for (const option of [...awsOptions('DynamoDB'), ...outputOptions('the lineage as one JSON object')]) {
    command.addOption(option);
  }
  command.action(commandAction(io, lineage));
  registerLineageListCommand(command, io);
  registerLineageWaitCommand(command, io);
}

async function lineage(context: CommandContext, jobId: string, options: LineageOptions): Promise<void> {
  // The AWS SDK is loaded only by the commands that talk to AWS.
  const access = await openLedger(options);
  const { aws, table, ledger } = access;
  const { formatLineageReport } = await import('#core/lineage/index.js');
  try {
    const read = (rootJobId: string) =>
      awsCall(`DynamoDB table ${table}`, async () => {
        try {
          return await ledger.getLineage(rootJobId);
        } catch (error) {
          // The ledger wraps SDK errors; say what AWS said.
          throw error instanceof Error && error.cause instanceof Error ? error.cause : error;
        }
      });
    let found = await read(jobId);
    let rootJobId: string | undefined = jobId;
    if (found === undefined) {
      rootJobId = await rootOf(jobId, aws);
      found = rootJobId === undefined ? undefined : await read(rootJobId);
    }
    const chain = requireLineage(jobId, table, rootJobId, found);
    if (outputFormat(options) === 'json') {
      const shown = options.showEnvironment === true ? chain : await masked(chain);
      await context.out.write(`${JSON.stringify(shown, null, 2)}\n`);
    } else {
      await context.out.write(formatLineageReport(chain, jobId, { region: aws.region }));
    }
  } finally {
    access.close();
  }
}

/**
 * The root job a resubmitted job's tags (or, on EKS, its pod labels) name, read with DescribeJobs
 * while Batch still keeps the job (at least 7 days); undefined when Batch does not know the job, the
 * job carries no such tag, or the caller may not call DescribeJobs (then the job reads as unknown).
 */
async function rootOf(jobId: string, aws: AwsSettings): Promise<string | undefined> {
  const [{ createBatchClient, describeJobDetail }, { parseEvent }, { lineageRefOf }] = await Promise.all([
    import('#adapters/aws/batch/index.js'),
    import('#core/events/index.js'),
    import('#core/lineage/index.js'),
  ]);
  const batch = createBatchClient(regional(aws));
  try {
    const detail = await describeJobDetail(batch, jobId);
    return detail === undefined ? undefined : lineageRefOf(parseEvent(detail, `job ${jobId}`))?.rootJobId;
  } catch {
    return undefined;
  } finally {
    batch.destroy();
  }
}

/** The lineage with the environment values of its stored requests masked. */
async function masked(chain: Lineage): Promise<Lineage> {
  const { maskEnvironment } = await import('#core/submit/index.js');
  return {
    ...chain,
    decisions: chain.decisions.map((d) =>
      d.request === undefined ? d : { ...d, request: maskEnvironment(d.request) },
    ),
  };
}

/** The lineage found, or why there is none (exit 2). */
function requireLineage(
  jobId: string,
  table: string,
  rootJobId: string | undefined,
  found: Lineage | undefined,
): Lineage {
  if (found !== undefined) return found;
  if (rootJobId === undefined || rootJobId === jobId) {
    throw unusableInput(
      `job ${jobId}`,
      `is not in ledger table ${table}: the job has not failed, no policy manages it, its failure has not been ` +
        'processed yet, or its record expired. A resubmitted job is found through its batch-retry:root-job-id tag, ' +
        'which needs batch:DescribeJobs; check the job id and the table, and look for the job in the decide function logs',
    );
  }
  throw unusableInput(
    `job ${jobId}`,
    `belongs to lineage ${rootJobId} (its batch-retry:root-job-id tag), but table ${table} holds no record for that ` +
      'lineage (it expired, or the table is not the one the orchestrator writes); look for the job in the decide function logs',
  );
}
