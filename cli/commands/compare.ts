import { type Command, Option } from 'commander';
import type { RetryStrategy } from '#core/ports/index.js';
import { requireReadableFile } from '../inputs/index.js';
import {
  CliError,
  type CliIo,
  type CommandContext,
  commandAction,
  EXIT_BAD_INPUT,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
  policyOption,
  seedOption,
} from '../kit/index.js';
import { loadPolicyFiles } from '../load-policies.js';
import { usePlainSchemaMessages } from '../plain-schema-messages.js';
import type { RunMetrics } from '../sim/index.js';
import {
  parseRetryStrategy,
  parseWorkload,
  readJsonInput,
  runNative,
  runPolicy,
  SimulationInputError,
} from '../sim/index.js';
import { formatTable } from '../table.js';

/** What AWS Batch does when the user gives no `--native`: three attempts, any failure retried. */
const DEFAULT_NATIVE_RETRY_STRATEGY: RetryStrategy = { attempts: 3 };

interface CompareOptions extends OutputOptionValues {
  readonly workload: string;
  readonly policy: string[];
  readonly native?: string;
  readonly seed?: number;
}

/**
 * `batch-retry compare --workload <file> --policy <file>... [--native <file>] [--seed N] [--json]`:
 * simulates the same workload twice, with the same luck per job and attempt: under AWS Batch's
 * native retries (every job submitted with the `--native` retryStrategy, default `{"attempts": 3}`)
 * and under the policies with the real orchestrator attached (jobs submitted with no retryStrategy,
 * so only the policy retries). Prints success rate, attempts, compute hours, wasted compute hours,
 * cost, alerts and p50/p95 time to success side by side with a one-line verdict; `--json` prints
 * `{"native": {...}, "policy": {...}}` (RunMetrics each). Exits 2 for an unusable workload, native
 * file or seed, 1 for an invalid policy.
 */
export function registerCompareCommand(program: Command, io: CliIo): void {
  const command = program
    .command('compare')
    .description('simulate a workload under native AWS Batch retries and under a policy, side by side')
    .requiredOption('--workload <file>', 'workload file (see examples/workloads/spot-heavy.json)')
    .addOption(policyOption('policy file (the usual selection rules apply)', true))
    .addOption(
      new Option('--native <file>', 'the native retryStrategy to compare with').default(
        undefined,
        JSON.stringify(DEFAULT_NATIVE_RETRY_STRATEGY),
      ),
    )
    .addOption(seedOption('seed for the workload', 'the workload seed, else 1'));
  for (const option of outputOptions('{"native": {...}, "policy": {...}}')) command.addOption(option);
  command.action(
    commandAction(io, async (context: CommandContext, options: CompareOptions) => {
      usePlainSchemaMessages();
      const seed = options.seed;
      const workload = await readInput(options.workload, parseWorkload);
      const native =
        options.native === undefined
          ? DEFAULT_NATIVE_RETRY_STRATEGY
          : await readInput(options.native, readRetryStrategy);
      const policies = await loadPolicyFiles(options.policy, context, 'Nothing was simulated.');
      const started = performance.now();
      const withSeed = seed === undefined ? {} : { seed };
      const nativeRun = await runNative(workload, { retryStrategy: native, ...withSeed });
      const policyRun = await runPolicy(workload, { policies, ...withSeed });
      const seconds = (performance.now() - started) / 1000;
      if (outputFormat(options) === 'json') {
        const policy = {
          ...policyRun.metrics,
          handlerErrors: policyRun.handlerErrors,
          deadLettered: policyRun.deadLettered,
          ignoredFailures: policyRun.ignoredFailures,
        };
        await context.out.line(JSON.stringify({ native: nativeRun.metrics, policy }, null, 2));
        return;
      }
      const lines = [
        `Workload ${workload.name}: ${workload.jobs} jobs, seed ${seed ?? workload.seed ?? 1}`,
        `native  every job submitted with retryStrategy ${JSON.stringify(native)}`,
        `policy  ${options.policy.join(', ')}; jobs submitted without a retryStrategy, batch-retry attached`,
        '',
        ...table(nativeRun.metrics, policyRun.metrics),
        '',
        `Verdict: ${verdict(nativeRun.metrics, policyRun.metrics)}`,
      ];
      if (policyRun.ignoredFailures > 0) {
        lines.push(
          `Warning: ${policyRun.ignoredFailures} failed jobs were ignored by batch-retry, most likely because no policy's match fits them (check the policy's queues, job definitions, job names and tags against the workload).`,
        );
      }
      if (policyRun.handlerErrors > 0) {
        lines.push(
          `Warning: orchestrator handlers threw ${policyRun.handlerErrors} times (redelivered as SQS would; ${policyRun.deadLettered} dead-lettered).`,
        );
      }
      lines.push(`(simulated 2 x ${workload.jobs} jobs in ${seconds.toFixed(1)} s)`);
      await context.out.line(lines.join('\n'));
    }),
  );
}

/** Accepts a bare retryStrategy, or an object that holds one under `retryStrategy` (a job definition). */
function readRetryStrategy(value: unknown, source: string): RetryStrategy {
  if (typeof value === 'object' && value !== null && 'retryStrategy' in value) {
    return parseRetryStrategy(
      (value as { retryStrategy: unknown }).retryStrategy,
      `${source}: retryStrategy`,
    );
  }
  return parseRetryStrategy(value, source);
}

async function readInput<T>(path: string, parse: (value: unknown, source: string) => T): Promise<T> {
  await requireReadableFile(path);
  try {
    return parse(await readJsonInput(path), path);
  } catch (error) {
    if (!(error instanceof SimulationInputError)) throw error;
    throw new CliError(
      EXIT_BAD_INPUT,
      error.problems.map(({ field, problem }) => ({
        input: error.source,
        problem: field === '' ? problem : `${field}: ${problem}`,
      })),
      'Nothing was simulated. Fix the file (see docs/simulator.md) and run again.',
    );
  }
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const hours = (x: number) => x.toFixed(1);
const usd = (x: number) => `$${x.toFixed(2)}`;
const minutes = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} min`);

function table(native: RunMetrics, policy: RunMetrics): string[] {
  const rows: [string, string, string][] = [
    ['', 'NATIVE', 'POLICY'],
    ['success rate', percent(native.successRate), percent(policy.successRate)],
    [
      'succeeded / gave up',
      `${native.succeeded} / ${native.gaveUp}`,
      `${policy.succeeded} / ${policy.gaveUp}`,
    ],
    ['attempts', String(native.attempts), String(policy.attempts)],
    ['SubmitJob calls', String(native.submissions), String(policy.submissions)],
    ['compute hours', hours(native.computeHours), hours(policy.computeHours)],
    ['wasted compute hours', hours(native.wastedComputeHours), hours(policy.wastedComputeHours)],
    ['cost (USD)', usd(native.cost), usd(policy.cost)],
    ['wasted cost (USD)', usd(native.wastedCost), usd(policy.wastedCost)],
    ['alerts', String(native.alerts), String(policy.alerts)],
    ['p50 time to success', minutes(native.p50TimeToSuccessMinutes), minutes(policy.p50TimeToSuccessMinutes)],
    ['p95 time to success', minutes(native.p95TimeToSuccessMinutes), minutes(policy.p95TimeToSuccessMinutes)],
  ];
  return formatTable(rows, { align: ['left', 'right', 'right'], padLast: true });
}

/** One sentence: which side finished more jobs, and what that cost in money and wasted compute. */
function verdict(native: RunMetrics, policy: RunMetrics): string {
  const jobs = policy.succeeded - native.succeeded;
  const cost = policy.cost - native.cost;
  const wasted = policy.wastedComputeHours - native.wastedComputeHours;
  const share = percent(native.cost === 0 ? 0 : Math.abs(cost) / native.cost);
  const costText = cost >= 0 ? `costs ${usd(cost)} more (+${share})` : `costs ${usd(-cost)} less (-${share})`;
  const wastedText = `${hours(Math.abs(wasted))} ${wasted <= 0 ? 'fewer' : 'more'} wasted compute hours`;
  const rates = `${percent(policy.successRate)} vs ${percent(native.successRate)}`;
  if (jobs > 0) {
    return `the policy finishes ${jobs} more jobs than native retries (${rates} success), ${costText}, with ${wastedText}.`;
  }
  if (jobs < 0) {
    return `native retries finish ${-jobs} more jobs than the policy (${rates} success); the policy ${costText}, with ${wastedText}.`;
  }
  return `both finish the same jobs (${rates} success); the policy ${costText}, with ${wastedText}.`;
}
