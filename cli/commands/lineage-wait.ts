import type { Command } from 'commander';
import type { WaitResult } from '#core/operate/index.js';
import {
  type AwsOptionValues,
  awsOptions,
  CliExit,
  type CliIo,
  type CommandContext,
  commandAction,
  durationOption,
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_TIMED_OUT,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
} from '../kit/index.js';
import { openLedger, operatorStep, regional, tableOption } from './ledger-access.js';

const DEFAULT_TIMEOUT_MS = 2 * 3_600_000;
const DEFAULT_INTERVAL_MS = 30_000;

interface WaitOptions extends AwsOptionValues, OutputOptionValues {
  readonly table?: string;
  readonly timeout?: number;
  readonly interval?: number;
}

/** The exit code of each ending: 0 the work is done, 1 it will not be, 124 still running, 130 Ctrl-C. */
const EXIT_CODES: Readonly<Record<WaitResult['outcome'], number>> = {
  recovered: EXIT_OK,
  succeeded: EXIT_OK,
  'gave-up': EXIT_FAILED,
  cancelled: EXIT_FAILED,
  'not-taken-on': EXIT_FAILED,
  'timed-out': EXIT_TIMED_OUT,
  stopped: EXIT_INTERRUPTED,
};

/**
 * `batch-retry lineage wait <jobId>`: blocks until the lineage of the job ends, for scripts and
 * Nextflow-style callers that must wait on the lineage, not on the job they submitted. Exit 0 when it
 * recovered (or the job succeeded on its first run), 1 when batch-retry gave up, the retry was
 * cancelled or batch-retry never took the failed job on, 124 when `--timeout` passed, 2 for a job
 * nobody knows. Prints the job that did the work (or failed last).
 */
export function registerLineageWaitCommand(parent: Command, io: CliIo): void {
  const command = parent
    .command('wait')
    .description('wait until the lineage of a job ends: exit 0 recovered, 1 gave up, 124 timed out')
    .argument('<jobId>', 'any job id of the lineage: the job you submitted, or one of its resubmissions')
    .addOption(durationOption('--timeout <duration>', 'stop waiting after this long (exit 124)', '2h'))
    .addOption(durationOption('--interval <duration>', 'time between two looks at the ledger', '30s'))
    .addOption(tableOption());
  for (const option of [
    ...awsOptions('DynamoDB'),
    ...outputOptions('{"outcome", "rootJobId", "latestJobId"}'),
  ]) {
    command.addOption(option);
  }
  command.action(commandAction(io, wait));
}

async function wait(context: CommandContext, jobId: string, options: WaitOptions): Promise<void> {
  const access = await openLedger(options);
  const [{ waitForLineage }, { createBatchClient, createBatchJobLookup }] = await Promise.all([
    import('#core/operate/index.js'),
    import('#adapters/aws/batch/index.js'),
  ]);
  const batch = createBatchClient(regional(access.aws));
  let stopped = false;
  let wake: (() => void) | undefined;
  const stopListening = context.io.onInterrupt?.(() => {
    stopped = true;
    wake?.();
  });
  try {
    const result = await operatorStep(`job ${jobId}`, `DynamoDB table ${access.table} or AWS Batch`, () =>
      waitForLineage(
        {
          jobId,
          timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
          pollMs: options.interval ?? DEFAULT_INTERVAL_MS,
        },
        {
          ledger: access.ledger,
          jobs: createBatchJobLookup(batch),
          clock: { now: () => Date.now() },
          sleep: (ms) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, ms);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            }),
          stopped: () => stopped,
        },
      ),
    );
    const rootJobId = 'lineage' in result && result.lineage !== undefined ? result.lineage.rootJobId : jobId;
    if (outputFormat(options) === 'json') {
      await context.out.write(
        `${JSON.stringify({ outcome: result.outcome, rootJobId, latestJobId: result.latestJobId })}\n`,
      );
    } else {
      await context.out.write(`${sentence(result, rootJobId)}\n`);
    }
    const code = EXIT_CODES[result.outcome];
    if (code !== EXIT_OK) throw new CliExit(code);
  } finally {
    stopListening?.();
    batch.destroy();
    access.close();
  }
}

/** What the wait found, for a person. */
function sentence(result: WaitResult, rootJobId: string): string {
  const latest = result.latestJobId;
  switch (result.outcome) {
    case 'recovered':
      return `RECOVERED: job ${latest} succeeded after ${result.lineage.totalAttempts} failed attempt(s) (lineage ${rootJobId})`;
    case 'succeeded':
      return `SUCCEEDED: job ${latest} succeeded on its first run`;
    case 'gave-up':
      return `GAVE_UP: batch-retry stopped retrying after ${result.lineage.totalAttempts} attempt(s); job ${latest} failed last (\`batch-retry lineage ${rootJobId}\` says why)`;
    case 'cancelled':
      return `CANCELLED: a person cancelled the retry of lineage ${rootJobId} (\`batch-retry lineage ${rootJobId}\` says who and why)`;
    case 'not-taken-on':
      return `FAILED: job ${latest} failed and batch-retry recorded nothing for it (no policy manages it?)`;
    case 'timed-out':
      return `TIMED OUT: lineage ${rootJobId} is still running; job ${latest} is the latest`;
    case 'stopped':
      return `STOPPED: lineage ${rootJobId} is still running; job ${latest} is the latest`;
  }
}
