import { DEFAULT_SIMULATION_START } from '#adapters/memory/index.js';
import type { RetryStrategy } from '#core/ports/index.js';
import { definitionReference, jobDefinitionFor } from './job-definitions.js';
import type { Pricing } from './metrics.js';
import { createSimulation, type Simulation, type SimulationWiring } from './simulation.js';
import type { Workload } from './workload.js';
import { canEverSucceed, type JobTraits, jobTraits, workloadDefinitions } from './workload-jobs.js';
import { workloadOutcomes } from './workload-outcomes.js';
import { World } from './world.js';

/** A simulation set up for a workload. */
export interface WorkloadSimulation extends Simulation {
  /**
   * Schedules the workload's SubmitJob calls (all at the start, or spread evenly over
   * `submitOverMinutes`), each with its job definition, the workload's `job.tags` and the
   * `retryStrategy` when one was given. Call once, before `run`.
   */
  submitAll(): void;
  /** Prices and the Spot queue, for computeMetrics. */
  readonly pricing: Pricing;
  /**
   * False for a lineage whose job no retry can save (its program always fails, or its image does not
   * exist); true otherwise, and for a root job id the workload did not submit.
   */
  canSucceed(rootJobId: string): boolean;
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
 * Wires a simulated Batch for `workload` in its world (World: capacity pools, hazards, incidents
 * timed from the start of the run). `seed` overrides the workload's seed (default 1). Attach an
 * orchestrator to `batch` (a sink) before `run`; lineages are recognised by the
 * `batch-retry:root-job-id` tag of resubmitted jobs.
 */
export function createWorkloadSimulation(
  workload: Workload,
  options: SimulationWiring & { readonly seed?: number; readonly retryStrategy?: RetryStrategy } = {},
): WorkloadSimulation {
  const { seed: givenSeed, retryStrategy, ...wiring } = options;
  const seed = givenSeed ?? workload.seed ?? 1;
  const indexByRoot = new Map<string, number>();
  const traits = new Map<number, JobTraits>();
  const traitsOf = (index: number): JobTraits => {
    let t = traits.get(index);
    if (t === undefined) {
      t = jobTraits(workload, seed, index);
      traits.set(index, t);
    }
    return t;
  };
  const job = workload.job;
  const definitions = workloadDefinitions(workload).map((d) =>
    jobDefinitionFor({
      jobDefinition: d.jobDefinition,
      platform: job.platform,
      memoryMiB: job.memoryMiB,
      vcpus: job.vcpus,
      ...(d.image === undefined ? {} : { image: d.image }),
      ...(job.timeoutSeconds === undefined ? {} : { timeoutSeconds: job.timeoutSeconds }),
    }),
  );
  const world = new World(workload.capacity, workload.incidents, wiring.startAt ?? DEFAULT_SIMULATION_START);
  const simulation = createSimulation({
    seed,
    outcomes: workloadOutcomes(workload, seed, world, traitsOf, (root) => indexByRoot.get(root)),
    jobDefinitions: definitions,
    capacity: (simulated, earliest) =>
      world.capacityFreeAt(simulated.queueName === workload.queues.spot ? 'spot' : 'onDemand', earliest),
    ...wiring,
  });
  const queue = workload.submitTo === 'onDemand' ? workload.queues.onDemand : workload.queues.spot;
  const spreadMs = (workload.submitOverMinutes ?? 0) * 60_000;
  const width = String(workload.jobs - 1).length;
  return {
    ...simulation,
    pricing: workloadPricing(workload),
    canSucceed: (rootJobId) => {
      const index = indexByRoot.get(rootJobId);
      return index === undefined || canEverSucceed(traitsOf(index));
    },
    submitAll() {
      for (let index = 0; index < workload.jobs; index++) {
        const { name, revision = 1 } = definitionReference(traitsOf(index).definition.jobDefinition);
        simulation.scheduler.after((spreadMs * index) / workload.jobs, async () => {
          const submitted = await simulation.batch.submitJob({
            jobName: `${job.jobNamePrefix}-${String(index).padStart(width, '0')}`,
            jobQueue: queue,
            jobDefinition: `${name}:${revision}`,
            ...(job.tags === undefined ? {} : { tags: { ...job.tags } }),
            ...(retryStrategy === undefined ? {} : { retryStrategy }),
          });
          indexByRoot.set(submitted.jobId, index);
        });
      }
    },
  };
}
