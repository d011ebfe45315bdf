import { SeededRandom } from '#adapters/memory/index.js';
import { OrchestratorError } from '#core/errors.js';
import type { AttemptOutcome, OutcomeModel } from './attempt-outcome.js';
import { DEFAULT_DURATION_SECONDS } from './default-durations.js';
import type { Workload } from './workload.js';

/** z-score of the 95th percentile of a standard normal distribution. */
const Z95 = 1.6448536269514722;

/** What is fixed about one job of a workload, whatever happens to its attempts. */
interface JobTraits {
  readonly runSeconds: number;
  readonly needsMoreMemory: boolean;
  readonly broken: boolean;
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

function traitsOf(workload: Workload, seed: number, index: number): JobTraits {
  const random = SeededRandom.derive(seed, index, 0);
  const run = Math.max(1, Math.round(runSeconds(workload, random)));
  return {
    runSeconds: run,
    needsMoreMemory: random.next() < workload.failures.outOfMemory.probability,
    broken: random.next() < workload.failures.permanentAppError.probability,
  };
}

/**
 * The outcome model of a workload. Every draw comes from a stream derived from (seed, job index,
 * lineage attempt number), so the native and the policy side of a compare meet the same fate for
 * the same attempt, unless what they changed matters: a job moved to the on-demand queue is never
 * Spot-reclaimed, and a job given `fixedAtMemoryMiB` or more no longer runs out of memory.
 *
 * @param indexOf maps a lineage's root job id to the workload job index it was submitted for
 */
export function workloadOutcomes(
  workload: Workload,
  seed: number,
  indexOf: (rootJobId: string) => number | undefined,
): OutcomeModel {
  const traits = new Map<number, JobTraits>();
  const f = workload.failures;
  const spotQueue = workload.queues.spot;
  return (job, _attempt, lineageAttempt): AttemptOutcome => {
    const index = indexOf(job.rootJobId);
    if (index === undefined) {
      throw new OrchestratorError(
        `simulated job ${job.jobId} (${job.jobName}) belongs to no workload job: a resubmission must carry the batch-retry:root-job-id tag`,
        { transient: false, context: { jobId: job.jobId } },
      );
    }
    let t = traits.get(index);
    if (t === undefined) {
      t = traitsOf(workload, seed, index);
      traits.set(index, t);
    }
    const random = SeededRandom.derive(seed, index, lineageAttempt);
    const u = random.next();
    const partial = Math.max(1, Math.round(t.runSeconds * random.next()));
    const pick = random.next();
    if (u < f.imagePullFailure) {
      return { kind: 'image-pull-failure', durationSeconds: DEFAULT_DURATION_SECONDS['image-pull-failure'] };
    }
    if (u < f.imagePullFailure + f.spotReclaim && job.queueName === spotQueue) {
      return { kind: 'spot-reclaim', durationSeconds: partial };
    }
    if (t.needsMoreMemory && job.memoryMiB < f.outOfMemory.fixedAtMemoryMiB) {
      return { kind: 'out-of-memory', durationSeconds: partial };
    }
    if (t.broken)
      return { kind: 'app-exit', exitCode: f.permanentAppError.exitCode, durationSeconds: partial };
    if (u >= 1 - f.transientAppError.probability) {
      const codes = f.transientAppError.exitCodes;
      const exitCode = codes[Math.floor(pick * codes.length)] ?? 1;
      return { kind: 'app-exit', exitCode, durationSeconds: partial };
    }
    return { kind: 'succeed', durationSeconds: t.runSeconds };
  };
}
