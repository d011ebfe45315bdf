import { SeededRandom, VirtualClock } from '#adapters/memory/index.js';
import type { OutcomeModel } from './attempt-outcome.js';
import type { BatchTiming } from './batch-timing.js';
import type { SimulatedJobDefinition } from './job-definitions.js';
import type { RunRecord } from './run-record.js';
import { Scheduler } from './scheduler.js';
import { type EventSink, SimulatedBatch, type SimulatedBatchOptions } from './simulated-batch.js';

/** The id stream of the simulated Batch is derived from the run's seed with this key. */
const BATCH_ID_STREAM = 0xba7c;

/** A wired simulated world: clock, scheduler and Batch. Attach sinks to `batch` before running. */
export interface Simulation {
  readonly clock: VirtualClock;
  readonly scheduler: Scheduler;
  readonly batch: SimulatedBatch;
  /** Runs the scheduler until nothing is left to do and returns what happened. */
  run(options?: { readonly maxEvents?: number }): Promise<RunRecord>;
}

/** How a simulation is hooked up and timed: what callers pass through as they set one up. */
export interface SimulationWiring {
  readonly sinks?: readonly EventSink[];
  /** Epoch ms; default DEFAULT_SIMULATION_START. */
  readonly startAt?: number;
  readonly timing?: Partial<BatchTiming>;
}

export interface SimulationOptions extends SimulationWiring {
  readonly seed: number;
  readonly outcomes: OutcomeModel;
  readonly jobDefinitions: readonly SimulatedJobDefinition[];
  /** See SimulatedBatchOptions.capacity; default unlimited. */
  readonly capacity?: SimulatedBatchOptions['capacity'];
}

/** Builds a simulated world whose ids are drawn from a stream derived from `seed`. */
export function createSimulation(options: SimulationOptions): Simulation {
  const clock = new VirtualClock(options.startAt);
  const scheduler = new Scheduler(clock);
  const batch = new SimulatedBatch({
    scheduler,
    random: SeededRandom.derive(options.seed, BATCH_ID_STREAM),
    outcomes: options.outcomes,
    jobDefinitions: options.jobDefinitions,
    ...(options.sinks === undefined ? {} : { sinks: options.sinks }),
    ...(options.timing === undefined ? {} : { timing: options.timing }),
    ...(options.capacity === undefined ? {} : { capacity: options.capacity }),
  });
  return {
    clock,
    scheduler,
    batch,
    async run(runOptions = {}) {
      await scheduler.runUntilIdle(runOptions);
      return batch.record();
    },
  };
}
