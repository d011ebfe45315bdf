import type { FailureClass } from './classes.js';

/**
 * What a cause says about a failure: the class it belongs to, whether running the same attempt
 * again usually works (`transient`), and one sentence for operators.
 */
export interface CauseInfo {
  readonly class: FailureClass;
  /**
   * True when the same job, retried unchanged after a while, usually succeeds: the cause lies in
   * the moment (a reclaimed host, a throttled registry), not in the job or its configuration.
   * Out of memory is not transient: the job needs more memory, which a policy can give it.
   */
  readonly transient: boolean;
  readonly meaning: string;
}

/**
 * The causes the classifier tells apart within a class (docs/classification.md lists the real
 * strings behind each). Every failed attempt gets exactly one; `unrecognised` when nothing more
 * than the class (or nothing at all) is known.
 */
export const FAILURE_CAUSES = {
  'spot-reclaim': {
    class: 'infrastructure',
    transient: true,
    meaning: 'Spot capacity was reclaimed under the task (the text says Spot)',
  },
  'host-lost': {
    class: 'infrastructure',
    transient: true,
    meaning:
      'the EC2 host, Fargate task host or Kubernetes node went away (terminated, stopped, retired, drained, shut down); on EC2 a Spot reclaim reads this way too',
  },
  'capacity-unavailable': {
    class: 'infrastructure',
    transient: true,
    meaning: 'the queue could not get capacity in time (InsufficientInstanceCapacity)',
  },
  'eni-provisioning': {
    class: 'infrastructure',
    transient: true,
    meaning: "the task's network interface was not attached in time",
  },
  'storage-provisioning': {
    class: 'infrastructure',
    transient: true,
    meaning: "the task's ephemeral storage was not provisioned in time",
  },
  'queue-misconfigured': {
    class: 'infrastructure',
    transient: false,
    meaning: 'the queue or compute environment is misconfigured (for example its service role)',
  },
  'image-not-found': {
    class: 'middleware',
    transient: false,
    meaning: 'the image, its tag or its repository does not exist',
  },
  'registry-auth-denied': {
    class: 'middleware',
    transient: false,
    meaning: 'the registry refused the pull: no permission or no credentials',
  },
  'registry-throttled': {
    class: 'middleware',
    transient: true,
    meaning: 'the registry is rate-limiting pulls (toomanyrequests, 429)',
  },
  'registry-unavailable': {
    class: 'middleware',
    transient: true,
    meaning: 'the registry answered with a server error (500, 502, 503, 504)',
  },
  'network-timeout': {
    class: 'middleware',
    transient: true,
    meaning: 'the registry, Secrets Manager or another endpoint did not answer in time',
  },
  'host-disk-full': {
    class: 'middleware',
    transient: true,
    meaning: 'the host had no disk space left for the image (another host usually has)',
  },
  'secret-retrieval': {
    class: 'middleware',
    transient: false,
    meaning:
      "a secret or parameter could not be read (usually the execution role's permissions or a missing secret)",
  },
  'image-pull': {
    class: 'middleware',
    transient: false,
    meaning: 'the image could not be pulled, and the text does not say why',
  },
  'runtime-timeout': {
    class: 'middleware',
    transient: true,
    meaning: 'the container runtime or the ECS agent timed out or failed internally',
  },
  'container-start': {
    class: 'middleware',
    transient: false,
    meaning: 'the container could not be created or started (command, user, mounts, configuration)',
  },
  'task-setup': {
    class: 'middleware',
    transient: false,
    meaning: 'the task could not be set up (execution role, log driver, or "Task failed to start" alone)',
  },
  'out-of-memory': {
    class: 'resource',
    transient: false,
    meaning: 'killed for using more memory than it was given',
  },
  'storage-exhausted': {
    class: 'resource',
    transient: false,
    meaning: 'evicted for using more ephemeral storage than it was given',
  },
  'resource-requirement': {
    class: 'resource',
    transient: false,
    meaning: 'the job asks for more than any compute environment of its queue offers',
  },
  'attempt-timeout': {
    class: 'timeout',
    transient: false,
    meaning: 'the attempt ran past its attempt duration',
  },
  'exit-code': {
    class: 'application',
    transient: false,
    meaning: 'the program exited non-zero (its exit code says whether a retry can help)',
  },
  'health-check': {
    class: 'application',
    transient: false,
    meaning: 'the program failed its container or load balancer health checks',
  },
  'operator-cancel': {
    class: 'cancelled',
    transient: false,
    meaning: 'a person or tool cancelled or terminated the job',
  },
  'dependency-failed': {
    class: 'dependency',
    transient: false,
    meaning: 'a job it depends on failed, or an array child failed',
  },
  unrecognised: {
    class: 'unknown',
    transient: false,
    meaning: 'nothing recognisable: no reason, or one never seen before',
  },
} as const satisfies Readonly<Record<string, CauseInfo>>;

/** A cause within a class (see FAILURE_CAUSES). */
export type FailureCause = keyof typeof FAILURE_CAUSES;

/** Every cause, in catalogue order (grouped by class). */
export const CAUSE_NAMES = Object.keys(FAILURE_CAUSES) as [FailureCause, ...FailureCause[]];

/** The `cause` and `transient` fields evidence carries for `cause`. */
export function causeFields(cause: FailureCause): {
  readonly cause: FailureCause;
  readonly transient: boolean;
} {
  return { cause, transient: FAILURE_CAUSES[cause].transient };
}
