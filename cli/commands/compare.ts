import { type Command, Option } from 'commander';
import type { RetryStrategy } from '#core/ports/index.js';
import {
  CliError,
  type CliIo,
  type CommandContext,
  commandAction,
  EXIT_FAILED,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
  policyOption,
  seedOption,
} from '../kit/index.js';
import { loadPolicyFiles } from '../load-policies.js';
import { usePlainSchemaMessages } from '../plain-schema-messages.js';
import { parseRetryStrategy, parseWorkload, runNative, runPolicy } from '../sim/index.js';
import { compareTable, comparison, comparisonLines, verdict } from './compare-report.js';
import { readSimulationInput } from './simulation-input.js';

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
      const workload = await readSimulationInput(options.workload, parseWorkload);
      const native =
        options.native === undefined
          ? DEFAULT_NATIVE_RETRY_STRATEGY
          : await readSimulationInput(options.native, readRetryStrategy);
      const policies = await loadPolicyFiles(options.policy, context, 'Nothing was simulated.');
      const started = performance.now();
      const withSeed = seed === undefined ? {} : { seed };
      const nativeRun = await runNative(workload, { retryStrategy: native, ...withSeed });
      const policyRun = await runPolicy(workload, { policies, ...withSeed });
      const seconds = (performance.now() - started) / 1000;
      const ungoverned = policyRun.ignoredFailures > 0 && policyRun.governedFailures === 0;
      if (outputFormat(options) === 'json') {
        const policy = {
          ...policyRun.metrics,
          handlerErrors: policyRun.handlerErrors,
          deadLettered: policyRun.deadLettered,
          ignoredFailures: policyRun.ignoredFailures,
        };
        const result = {
          native: nativeRun.metrics,
          policy,
          comparison: comparison(nativeRun.metrics, policy),
        };
        await context.out.line(JSON.stringify(result, null, 2));
        return;
      }
      const lines = [
        `Workload ${workload.name}: ${workload.jobs} jobs, seed ${seed ?? workload.seed ?? 1}`,
        `native  every job submitted with retryStrategy ${JSON.stringify(native)}`,
        `policy  ${options.policy.join(', ')}; jobs submitted without a retryStrategy, batch-retry attached`,
        '',
        ...compareTable(nativeRun.metrics, policyRun.metrics),
        '',
      ];
      if (ungoverned) {
        await context.out.line(lines.join('\n'));
        throw new CliError(
          EXIT_FAILED,
          [
            {
              input: options.policy.join(', '),
              problem: `governs no job of workload ${workload.name}: batch-retry ignored all ${policyRun.ignoredFailures} failed jobs (unmanaged), so the policy side is native Batch with one attempt and there is no verdict`,
            },
          ],
          `Check each policy's match against the workload: queue ${workload.submitTo === 'onDemand' ? workload.queues.onDemand : workload.queues.spot}, tags ${JSON.stringify(workload.job.tags ?? {})}; or name a policy "default".`,
        );
      }
      lines.push(
        ...comparisonLines(nativeRun.metrics, policyRun.metrics),
        `Verdict: ${verdict(nativeRun.metrics, policyRun.metrics)}`,
      );
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
