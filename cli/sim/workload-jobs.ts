import { SeededRandom } from '#adapters/memory/index.js';
import type { Workload } from './workload.js';

/** z-score of the 95th percentile of a standard normal distribution. */
const Z95 = 1.6448536269514722;

/** One job definition of a workload and the share of its jobs that run it. */
export interface WorkloadDefinition {
  readonly jobDefinition: string;
  readonly share: number;
  readonly image?: string;
  /** Its image does not exist: every attempt fails to pull it (`image-not-found`). */
  readonly imageMissing: boolean;
}

/** What is fixed about one job of a workload, whatever happens to its attempts. */
export interface JobTraits {
  readonly definition: WorkloadDefinition;
  readonly runSeconds: number;
  /** The memory in MiB from which the job stops running out of it; undefined when it never does. */
  readonly needsMemoryMiB?: number;
  /** The program always exits with `permanentAppError.exitCode`. */
  readonly broken: boolean;
}

/** The job definitions of a workload: its `definitions`, or its one `jobDefinition`. */
export function workloadDefinitions(workload: Workload): readonly WorkloadDefinition[] {
  const job = workload.job;
  if (job.definitions !== undefined) {
    return job.definitions.map((d) => ({ ...d, imageMissing: d.imageMissing ?? false }));
  }
  return [
    {
      jobDefinition: job.jobDefinition ?? '',
      share: 1,
      ...(job.image === undefined ? {} : { image: job.image }),
      imageMissing: false,
    },
  ];
}

/**
 * The definition of job `index`: jobs are dealt to definitions in proportion to their shares, in
 * order (the first `share` of the indices to the first definition...), so the mix is exact.
 */
function definitionOf(
  definitions: readonly WorkloadDefinition[],
  index: number,
  jobs: number,
): WorkloadDefinition {
  const position = (index + 0.5) / jobs;
  let cumulative = 0;
  for (const definition of definitions) {
    cumulative += definition.share;
    if (position < cumulative) return definition;
  }
  return definitions.at(-1) as WorkloadDefinition;
}

function runSeconds(workload: Workload, random: SeededRandom): number {
  const rt = workload.runTime;
  if (rt.distribution === 'uniform')
    return 60 * (rt.minMinutes + random.next() * (rt.maxMinutes - rt.minMinutes));
  // Box-Muller: a standard normal draw from two uniforms (1 - u keeps the logarithm finite).
  const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const sigma = Math.log(rt.p95Minutes / rt.medianMinutes) / Z95;
  return 60 * rt.medianMinutes * Math.exp(sigma * normal);
}

/** The memory a job that runs out of memory needs, drawn by share when the workload lists several. */
function neededMemory(needs: number | readonly { memoryMiB: number; share: number }[], u: number): number {
  if (typeof needs === 'number') return needs;
  let left = u;
  for (const need of needs) {
    left -= need.share;
    if (left < 0) return need.memoryMiB;
  }
  return (needs.at(-1) as { memoryMiB: number }).memoryMiB;
}

/**
 * The traits of job `index` of `workload` under `seed`, drawn from a stream derived from (seed,
 * index, 0): its run time, whether and how much more memory it needs, whether its program is broken,
 * and (by share, not drawn) its job definition.
 */
export function jobTraits(workload: Workload, seed: number, index: number): JobTraits {
  const random = SeededRandom.derive(seed, index, 0);
  const run = Math.max(1, Math.round(runSeconds(workload, random)));
  const oom = workload.failures.outOfMemory;
  const needsMore = random.next() < (oom?.probability ?? 0);
  const broken = random.next() < (workload.failures.permanentAppError?.probability ?? 0);
  const needs = oom === undefined ? undefined : neededMemory(oom.fixedAtMemoryMiB, random.next());
  return {
    definition: definitionOf(workloadDefinitions(workload), index, workload.jobs),
    runSeconds: run,
    ...(needsMore && needs !== undefined ? { needsMemoryMiB: needs } : {}),
    broken,
  };
}

/**
 * False for a job that no retry can ever save: its program always fails, or its image does not
 * exist. Compare counts the other lost jobs as recoverable losses. (A job that runs out of memory
 * can be saved: with enough memory it succeeds.)
 */
export function canEverSucceed(traits: JobTraits): boolean {
  return !traits.broken && !traits.definition.imageMissing;
}
