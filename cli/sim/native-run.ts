import type { RetryStrategy } from '#core/ports/index.js';
import { computeMetrics, type RunMetrics } from './metrics.js';
import type { RunRecord } from './run-record.js';
import type { Workload } from './workload.js';
import { createWorkloadSimulation } from './workload-simulation.js';

/** The native side of a compare. */
export interface NativeRunResult {
  readonly record: RunRecord;
  readonly metrics: RunMetrics;
}

/**
 * Runs `workload` under AWS Batch's native retry semantics only: every job is submitted with
 * `retryStrategy` (none: one attempt each), failed attempts are retried by the simulated Batch with
 * first-match `evaluateOnExit`, no match meaning RETRY, at once, on the same queue with the same
 * resources, and nothing else happens (no orchestrator, no alerts).
 */
export async function runNative(
  workload: Workload,
  options: {
    readonly retryStrategy?: RetryStrategy;
    readonly seed?: number;
    readonly maxEvents?: number;
  } = {},
): Promise<NativeRunResult> {
  const simulation = createWorkloadSimulation(workload, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.retryStrategy === undefined ? {} : { retryStrategy: options.retryStrategy }),
  });
  simulation.submitAll();
  const record = await simulation.run(
    options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents },
  );
  return {
    record,
    metrics: computeMetrics(record, simulation.pricing, { canSucceed: simulation.canSucceed }),
  };
}
