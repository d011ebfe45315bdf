import type { AttemptOutcome } from './attempt-outcome.js';
import type { SimulatedPlatform } from './simulated-job.js';

/** The job and attempt `statusReason` Batch writes when the essential container stops by itself. */
export const ESSENTIAL_CONTAINER_EXITED = 'Essential container in task exited';
/** The attempt `statusReason` when the task never started (image pull, secrets, ENI...). */
export const TASK_FAILED_TO_START = 'Task failed to start';
/** The attempt and job `statusReason` of an attempt stopped at `timeout.attemptDurationSeconds`. */
export const ATTEMPT_TIMED_OUT = 'Job attempt duration exceeded timeout';
/** The container `reason` of an out-of-memory kill (exit code 137). */
export const OUT_OF_MEMORY_REASON = 'OutOfMemoryError: Container killed due to memory usage';
/** The attempt `statusReason` ECS gives a Fargate Spot task that was reclaimed. */
export const FARGATE_SPOT_INTERRUPTED = 'Your Spot Task was interrupted.';

/** The attempt `statusReason` when the EC2 host under the job went away (Spot reclaim, scale-in). */
export function hostTerminatedReason(instanceId: string): string {
  return `Host EC2 (instance ${instanceId}) terminated.`;
}

/** The container `reason` of an image that cannot be pulled, as the Docker daemon words it. */
export function cannotPullReason(image: string): string {
  return `CannotPullContainerError: Error response from daemon: manifest for ${image} not found: manifest unknown: Requested image not found`;
}

/** What Batch records for an attempt with a given outcome. */
export interface AttemptFacts {
  readonly succeeded: boolean;
  /** False when the task never left STARTING (no `startedAt`, no log stream). */
  readonly reachedRunning: boolean;
  readonly statusReason: string;
  readonly exitCode?: number;
  readonly containerReason?: string;
}

/** The reasons and exit code AWS Batch writes for `outcome` (exit 137 for OOM kills and timeouts). */
export function attemptFacts(
  outcome: AttemptOutcome,
  context: { readonly platform: SimulatedPlatform; readonly instanceId: string; readonly image: string },
): AttemptFacts {
  switch (outcome.kind) {
    case 'succeed':
      return { succeeded: true, reachedRunning: true, statusReason: ESSENTIAL_CONTAINER_EXITED, exitCode: 0 };
    case 'app-exit':
      return {
        succeeded: outcome.exitCode === 0,
        reachedRunning: true,
        statusReason: ESSENTIAL_CONTAINER_EXITED,
        exitCode: outcome.exitCode,
      };
    case 'out-of-memory':
      return {
        succeeded: false,
        reachedRunning: true,
        statusReason: ESSENTIAL_CONTAINER_EXITED,
        exitCode: 137,
        containerReason: OUT_OF_MEMORY_REASON,
      };
    case 'spot-reclaim':
      return {
        succeeded: false,
        reachedRunning: true,
        statusReason:
          context.platform === 'FARGATE'
            ? FARGATE_SPOT_INTERRUPTED
            : hostTerminatedReason(context.instanceId),
      };
    case 'image-pull-failure':
      return {
        succeeded: false,
        reachedRunning: false,
        statusReason: TASK_FAILED_TO_START,
        containerReason: cannotPullReason(context.image),
      };
    case 'timeout':
      return { succeeded: false, reachedRunning: true, statusReason: ATTEMPT_TIMED_OUT, exitCode: 137 };
  }
}
