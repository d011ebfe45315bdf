import { SeededRandom } from '#adapters/memory/index.js';
import type { AlertMessage } from '#core/alerts/index.js';
import type { PolicySource } from '#core/ports/index.js';
import { computeMetrics, type RunMetrics } from './metrics.js';
import { attachOrchestrator } from './orchestrated-run.js';
import type { RunRecord } from './run-record.js';
import type { Workload } from './workload.js';
import { createWorkloadSimulation } from './workload-simulation.js';

/** The orchestrator's random stream (jitter, claim tokens) is derived from the run's seed with this key. */
export const ORCHESTRATOR_RANDOM_STREAM = 0x0c4e;

/** The policy side of a compare. */
export interface PolicyRunResult {
  readonly record: RunRecord;
  readonly metrics: RunMetrics;
  /** Handler deliveries that threw (each redelivered after the visibility timeout, or dead-lettered). */
  readonly handlerErrors: number;
  /** Messages dead-lettered after the receive limit. */
  readonly deadLettered: number;
  /**
   * FAILED events the orchestrator ignored, nearly always because no policy's match fits the job
   * (unmanaged: its failure stands). Above 0 usually means the policy does not select the workload.
   */
  readonly ignoredFailures: number;
  /** FAILED events a policy decided (RETRY or EXIT). 0 with ignored failures: no policy governs the workload. */
  readonly governedFailures: number;
  /** Every message the alert topic carried, after aggregation, in order. */
  readonly alertMessages: readonly AlertMessage[];
}

/**
 * Runs `workload` with the real orchestrator attached (see attachOrchestrator) under `policies`.
 * Jobs are submitted WITHOUT a native `retryStrategy`, so Batch makes one attempt per job and every
 * retry is the policy's: a resubmission through the resubmit code path, after the policy's backoff,
 * possibly to another queue or with more memory.
 */
export async function runPolicy(
  workload: Workload,
  options: { readonly policies: PolicySource; readonly seed?: number; readonly maxEvents?: number },
): Promise<PolicyRunResult> {
  const seed = options.seed ?? workload.seed ?? 1;
  const simulation = createWorkloadSimulation(workload, { seed });
  let ignoredFailures = 0;
  let governedFailures = 0;
  const orchestrator = attachOrchestrator(simulation, {
    policies: options.policies,
    random: SeededRandom.derive(seed, ORCHESTRATOR_RANDOM_STREAM),
    observe: (activity) => {
      if (activity.kind !== 'decided' || activity.job.status !== 'FAILED') return;
      if (activity.outcome.outcome === 'ignored') ignoredFailures++;
      else governedFailures++;
    },
  });
  simulation.submitAll();
  const record = await simulation.run(
    options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents },
  );
  return {
    record,
    metrics: computeMetrics(record, simulation.pricing, {
      alertKinds: orchestrator.alerts.alerts.map((a) => a.kind),
      canSucceed: simulation.canSucceed,
      messages: orchestrator.channels.counts(),
      resubmitTimes: orchestrator.submitTimes,
    }),
    handlerErrors: orchestrator.handlerErrors(),
    deadLettered: orchestrator.deadLettered(),
    ignoredFailures,
    governedFailures,
    alertMessages: orchestrator.channels.topic,
  };
}
