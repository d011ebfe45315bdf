import type { RetryStrategy } from '#core/ports/index.js';
import { jobDefinitionFor } from './job-definitions.js';
import type { Pricing } from './metrics.js';
import { createSimulation, type Simulation, type SimulationWiring } from './simulation.js';
import type { Workload } from './workload.js';
import { workloadOutcomes } from './workload-outcomes.js';

/** A simulation set up for a workload. */
export interface WorkloadSimulation extends Simulation {
  /**
   * Schedules the workload's SubmitJob calls (all at the start, or spread evenly over
   * `submitOverMinutes`), each with the workload's `job.tags` and `retryStrategy` when one was given. Call once, before `run`.
   */
  submitAll(): void;
  /** Prices and the Spot queue, for computeMetrics. */
  readonly pricing: Pricing;
}

/** The Pricing of a workload: its Spot queue is priced at Spot prices, anything else on-demand. */
export function workloadPricing(workload: Workload): Pricing {
  const p = workload.prices;
  return {
    spotQueues: [workload.queues.spot],
    spot: { perVcpuHour: p.spotPerVcpuHour, perGiBHour: p.spotPerGiBHour ?? 0 },
    onDemand: { perVcpuHour: p.onDemandPerVcpuHour, perGiBHour: p.onDemandPerGiBHour ?? 0 },
  };
}

/**
 * Wires a simulated Batch for `workload`. `seed` overrides the workload's seed (default 1). Attach
 * an orchestrator to `batch` (a sink) before `run`; lineages are recognised by the
 * `batch-retry:root-job-id` tag of resubmitted jobs.
 */
export function createWorkloadSimulation(
  workload: Workload,
  options: SimulationWiring & { readonly seed?: number; readonly retryStrategy?: RetryStrategy } = {},
): WorkloadSimulation {
  const { seed: givenSeed, retryStrategy, ...wiring } = options;
  const seed = givenSeed ?? workload.seed ?? 1;
  const indexByRoot = new Map<string, number>();
  const definition = jobDefinitionFor(workload.job);
  const simulation = createSimulation({
    seed,
    outcomes: workloadOutcomes(workload, seed, (root) => indexByRoot.get(root)),
    jobDefinitions: [definition],
    ...wiring,
  });
  const queue = workload.submitTo === 'onDemand' ? workload.queues.onDemand : workload.queues.spot;
  const spreadMs = (workload.submitOverMinutes ?? 0) * 60_000;
  const width = String(workload.jobs - 1).length;
  return {
    ...simulation,
    pricing: workloadPricing(workload),
    submitAll() {
      for (let index = 0; index < workload.jobs; index++) {
        simulation.scheduler.after((spreadMs * index) / workload.jobs, async () => {
          const submitted = await simulation.batch.submitJob({
            jobName: `${workload.job.jobNamePrefix}-${String(index).padStart(width, '0')}`,
            jobQueue: queue,
            jobDefinition: `${definition.name}:${definition.revision}`,
            ...(workload.job.tags === undefined ? {} : { tags: { ...workload.job.tags } }),
            ...(retryStrategy === undefined ? {} : { retryStrategy }),
          });
          indexByRoot.set(submitted.jobId, index);
        });
      }
    },
  };
}
