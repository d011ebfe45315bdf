import type { SimulatedJob } from './simulated-job.js';

/** What can happen to one attempt of a simulated job. */
export type OutcomeKind =
  | 'succeed'
  | 'spot-reclaim'
  | 'host-lost'
  | 'image-pull-failure'
  | 'out-of-memory'
  | 'app-exit'
  | 'timeout';

/**
 * Why an image could not be pulled, in the vocabulary of the classifier's causes: `image-not-found`
 * never goes away, the others are the registry's or the host's passing trouble.
 */
export type PullError =
  | 'image-not-found'
  | 'registry-throttled'
  | 'registry-unavailable'
  | 'network-timeout'
  | 'host-disk-full';

/**
 * The fate of one attempt. `durationSeconds` is virtual time: for `image-pull-failure` the time spent
 * in STARTING before the task gave up, for every other kind the time spent RUNNING before the
 * attempt stopped. A `timeout` stops at the job's `attemptDurationSeconds` when the job has one.
 * `app-exit` with exit code 0 is a success, as it is on Batch. `host-lost` is a host lost for another
 * reason than a Spot reclaim (an impaired Availability Zone); an `image-pull-failure` without
 * `pullError` is `image-not-found`.
 */
export type AttemptOutcome =
  | { readonly kind: 'app-exit'; readonly exitCode: number; readonly durationSeconds: number }
  | { readonly kind: 'image-pull-failure'; readonly pullError?: PullError; readonly durationSeconds: number }
  | {
      readonly kind: Exclude<OutcomeKind, 'app-exit' | 'image-pull-failure'>;
      readonly durationSeconds: number;
    };

/**
 * When an attempt starts, in epoch ms of virtual time: it enters STARTING at `startingAt` and, if its
 * task starts, RUNNING at `runningAt`. The outcome of a workload's attempt depends on what the world
 * is doing then (incidents, hazard rates).
 */
export interface AttemptTiming {
  readonly startingAt: number;
  readonly runningAt: number;
}

/**
 * Decides the fate of an attempt when it starts (enters STARTING). `attemptNumber` counts the
 * attempts of this Batch job from 1 (`AWS_BATCH_JOB_ATTEMPT`); `lineageAttemptNumber` counts from 1
 * across every job of the lineage (jobs sharing a `batch-retry:root-job-id` tag), so a script or a
 * seeded draw continues where the failed job stopped when an orchestrator resubmits it. `job` is a
 * live view of the simulated job: copy what you keep.
 */
export type OutcomeModel = (
  job: SimulatedJob,
  attemptNumber: number,
  lineageAttemptNumber: number,
  timing: AttemptTiming,
) => AttemptOutcome;
