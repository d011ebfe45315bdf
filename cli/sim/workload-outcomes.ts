import { SeededRandom } from '#adapters/memory/index.js';
import { OrchestratorError } from '#core/errors.js';
import type { AttemptOutcome, AttemptTiming, OutcomeModel, PullError } from './attempt-outcome.js';
import { DEFAULT_DURATION_SECONDS } from './default-durations.js';
import type { SimulatedJob } from './simulated-job.js';
import type { Workload } from './workload.js';
import type { JobTraits } from './workload-jobs.js';
import type { World } from './world.js';

/** The transient pull errors a workload's per-attempt `imagePullFailure` draws from (EC2 adds a full disk). */
const TRANSIENT_PULL_ERRORS: readonly PullError[] = [
  'registry-throttled',
  'network-timeout',
  'registry-unavailable',
];

function pullFailure(pullError: PullError): AttemptOutcome {
  return {
    kind: 'image-pull-failure',
    pullError,
    durationSeconds: DEFAULT_DURATION_SECONDS['image-pull-failure'],
  };
}

/** What the program itself does in this attempt, if nothing stops it first. */
function programOutcome(
  workload: Workload,
  traits: JobTraits,
  job: SimulatedJob,
  draws: { readonly u: number; readonly partial: number; readonly pick: number },
): AttemptOutcome {
  const f = workload.failures;
  if (traits.needsMemoryMiB !== undefined && job.memoryMiB < traits.needsMemoryMiB) {
    return { kind: 'out-of-memory', durationSeconds: draws.partial };
  }
  if (traits.broken && f.permanentAppError !== undefined) {
    return { kind: 'app-exit', exitCode: f.permanentAppError.exitCode, durationSeconds: draws.partial };
  }
  const transient = f.transientAppError;
  if (transient !== undefined && draws.u >= 1 - transient.probability) {
    const exitCode = transient.exitCodes[Math.floor(draws.pick * transient.exitCodes.length)] ?? 1;
    return { kind: 'app-exit', exitCode, durationSeconds: draws.partial };
  }
  return { kind: 'succeed', durationSeconds: traits.runSeconds };
}

/**
 * The outcome model of a workload in its world. Every draw comes from a stream derived from (seed,
 * job index, lineage attempt number), so the native and the policy side of a compare meet the same
 * luck for the same attempt; what differs is what each side changed (the queue, the memory) and when
 * the attempt runs, because the world has time: an attempt placed during a reclaim wave, a registry
 * outage or an impairment lives through it, one placed after it does not.
 *
 * An attempt's fate, in order: an image that does not exist; a registry incident at the pull; the
 * per-attempt `imagePullFailure` (a transient pull error) and `spotReclaim` (Spot queue only); then
 * the program's own outcome (out of memory below the memory the job needs, a broken program, a
 * transient exit, or success), unless a Spot reclaim (Spot queue only: the pool's hazard) or the loss
 * of its zone's hosts strikes first while it runs.
 *
 * @param traitsOf the fixed traits of a workload job (jobTraits)
 * @param indexOf maps a lineage's root job id to the workload job index it was submitted for
 */
export function workloadOutcomes(
  workload: Workload,
  seed: number,
  world: World,
  traitsOf: (index: number) => JobTraits,
  indexOf: (rootJobId: string) => number | undefined,
): OutcomeModel {
  const f = workload.failures;
  const spotQueue = workload.queues.spot;
  return (job, _attempt, lineageAttempt, timing: AttemptTiming): AttemptOutcome => {
    const index = indexOf(job.rootJobId);
    if (index === undefined) {
      throw new OrchestratorError(
        `simulated job ${job.jobId} (${job.jobName}) belongs to no workload job: a resubmission must carry the batch-retry:root-job-id tag`,
        { transient: false, context: { jobId: job.jobId } },
      );
    }
    const traits = traitsOf(index);
    const random = SeededRandom.derive(seed, index, lineageAttempt);
    const u = random.next();
    const partial = Math.max(1, Math.round(traits.runSeconds * random.next()));
    const pick = random.next();
    const [placeU, exposureU, pullU, pullV, zoneU] = [1, 2, 3, 4, 5].map(() => random.next()) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const onSpot = job.queueName === spotQueue;
    if (traits.definition.imageMissing) return pullFailure('image-not-found');
    const incidentPull = world.pullErrorAt(timing.startingAt, pullU, pullV);
    if (incidentPull !== undefined) return pullFailure(incidentPull);
    if (u < f.imagePullFailure) {
      const errors =
        job.platform === 'EC2'
          ? [...TRANSIENT_PULL_ERRORS, 'host-disk-full' as const]
          : TRANSIENT_PULL_ERRORS;
      return pullFailure(errors[Math.floor(pick * errors.length)] ?? 'network-timeout');
    }
    if (u < f.imagePullFailure + f.spotReclaim && onSpot)
      return { kind: 'spot-reclaim', durationSeconds: partial };

    const program = programOutcome(workload, traits, job, { u, partial, pick });
    const end = timing.runningAt + program.durationSeconds * 1000;
    const pool = world.place(timing.startingAt, placeU);
    const reclaimAt = onSpot
      ? world.spotReclaimAt(pool, timing.runningAt, end, -Math.log(1 - exposureU))
      : undefined;
    const lostAt = world.zoneLossAt(pool.zone, timing.runningAt, end, zoneU);
    const stopsAt = Math.min(reclaimAt ?? end, lostAt ?? end);
    if (stopsAt >= end) return program;
    const durationSeconds = Math.max(1, Math.round((stopsAt - timing.runningAt) / 1000));
    return { kind: stopsAt === reclaimAt ? 'spot-reclaim' : 'host-lost', durationSeconds };
  };
}
