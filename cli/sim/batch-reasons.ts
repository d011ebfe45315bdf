import type { AttemptOutcome, PullError } from './attempt-outcome.js';
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
/**
 * The attempt `statusReason` the simulator gives a Fargate task whose host was lost for another
 * reason than a Spot reclaim. AWS documents no text for an impaired Availability Zone; this is the
 * documented task-retirement text, which means the same thing to an operator (the host went away).
 */
export const FARGATE_TASK_RETIRED =
  'ECS is performing maintenance on the underlying infrastructure hosting the task';

/** The attempt `statusReason` when the EC2 host under the job went away (Spot reclaim, scale-in). */
export function hostTerminatedReason(instanceId: string): string {
  return `Host EC2 (instance ${instanceId}) terminated.`;
}

/** An image reference split as a registry sees it. */
function imageParts(image: string): { registry: string; repository: string; tag: string } {
  const slash = image.indexOf('/');
  const registry =
    slash > 0 && /[.:]/.test(image.slice(0, slash)) ? image.slice(0, slash) : 'registry-1.docker.io';
  const path =
    registry === 'registry-1.docker.io' && slash <= 0 ? `library/${image}` : image.slice(slash + 1);
  const colon = path.lastIndexOf(':');
  return colon > 0
    ? { registry, repository: path.slice(0, colon), tag: path.slice(colon + 1) }
    : { registry, repository: path, tag: 'latest' };
}

/**
 * The container `reason` of an image that cannot be pulled, in the words of the runtime that pulls
 * it: the Docker daemon on EC2 container instances, containerd on Fargate (platform 1.4), after the
 * ECS guide's "CannotPullContainer task errors" page and texts quoted in public issues. `pullError`
 * defaults to `image-not-found`.
 */
export function cannotPullReason(image: string, platform: SimulatedPlatform, pullError?: PullError): string {
  const { registry, repository, tag } = imageParts(image);
  const manifest = `https://${registry}/v2/${repository}/manifests/${tag}`;
  if (platform === 'FARGATE') {
    switch (pullError ?? 'image-not-found') {
      case 'image-not-found':
        return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${image}: not found`;
      case 'registry-throttled':
        return `CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code ${manifest}: 429 Too Many Requests - Server message: toomanyrequests: Rate exceeded`;
      case 'registry-unavailable':
        return `CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code ${manifest}: 503 Service Unavailable`;
      case 'network-timeout':
        return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: failed to do request: Head "${manifest}": dial tcp 52.94.0.10:443: i/o timeout`;
      case 'host-disk-full':
        return 'CannotPullContainerError: ref pull has been retried 1 time(s): failed to extract layer sha256:5e1f: write /var/lib/containerd/tmpmounts/layer: no space left on device';
    }
  }
  switch (pullError ?? 'image-not-found') {
    case 'image-not-found':
      return `CannotPullContainerError: Error response from daemon: manifest for ${image} not found: manifest unknown: Requested image not found`;
    case 'registry-throttled':
      return registry === 'registry-1.docker.io'
        ? 'CannotPullContainerError: Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit'
        : `CannotPullContainerError: Error response from daemon: Head "${manifest}": toomanyrequests: Rate exceeded`;
    case 'registry-unavailable':
      return 'CannotPullContainerError: Error response from daemon: received unexpected HTTP status: 503 Service Unavailable';
    case 'network-timeout':
      return `CannotPullContainerError: Error response from daemon: Get "https://${registry}/v2/": dial tcp 52.94.0.10:443: i/o timeout`;
    case 'host-disk-full':
      return 'CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob314159265: no space left on device';
  }
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
    case 'host-lost':
      return {
        succeeded: false,
        reachedRunning: true,
        statusReason:
          context.platform === 'FARGATE' ? FARGATE_TASK_RETIRED : hostTerminatedReason(context.instanceId),
      };
    case 'image-pull-failure':
      return {
        succeeded: false,
        reachedRunning: false,
        statusReason: TASK_FAILED_TO_START,
        containerReason: cannotPullReason(context.image, context.platform, outcome.pullError),
      };
    case 'timeout':
      return { succeeded: false, reachedRunning: true, statusReason: ATTEMPT_TIMED_OUT, exitCode: 137 };
  }
}
