import type { AttemptOutcome, OutcomeModel } from '#cli/sim/attempt-outcome.js';
import type { SimulatedJobDefinition } from '#cli/sim/job-definitions.js';
import type { SimulatedJob } from '#cli/sim/simulated-job.js';
import { createSimulation } from '#cli/sim/simulation.js';
/** A small EC2 job definition the tests submit. */
export const render: SimulatedJobDefinition = {
  name: 'render',
  revision: 3,
  platform: 'EC2',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/render:1.4',
  command: ['render.sh', 'Ref::frame'],
  memoryMiB: 4096,
  vcpus: 2,
};

/** The fields of an emitted event the tests read. */
export interface EventLike {
  readonly time: string;
  readonly detail: {
    readonly status: string;
    readonly attempts: readonly unknown[];
    readonly [k: string]: unknown;
  };
}

/** A world whose attempts follow `script` (by lineage attempt number), collecting every event. */
export function world(
  script: readonly AttemptOutcome[],
  options: { seed?: number; definitions?: SimulatedJobDefinition[] } = {},
) {
  const events: EventLike[] = [];
  const seen: { job: SimulatedJob; attempt: number; lineageAttempt: number }[] = [];
  const outcomes: OutcomeModel = (job, attempt, lineageAttempt) => {
    seen.push({ job: { ...job }, attempt, lineageAttempt });
    return script[lineageAttempt - 1] ?? { kind: 'succeed', durationSeconds: 60 };
  };
  const simulation = createSimulation({
    seed: options.seed ?? 1,
    outcomes,
    jobDefinitions: options.definitions ?? [render],
    sinks: [(e) => void events.push(e as EventLike)],
  });
  return { ...simulation, events, seen };
}

/** The status of each event, in order. */
export const statuses = (events: readonly EventLike[]): string[] => events.map((e) => e.detail.status);
