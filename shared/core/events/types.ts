import type { BatchJobDetail, BatchJobStateChangeEvent } from './schema.js';

/** The job states AWS Batch reports. Events are never emitted for SUBMITTED. */
export type JobStatus =
  | 'SUBMITTED'
  | 'PENDING'
  | 'RUNNABLE'
  | 'STARTING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED';

/**
 * Where the job ran, as far as the event tells.
 * - `EC2`, `FARGATE`: single-container ECS jobs (`container`), told apart by `platformCapabilities`
 *   and, failing that, by `containerInstanceArn` (EC2 only).
 * - `ECS_MULTI_CONTAINER`: `ecsProperties.taskProperties[].containers[]`.
 * - `EKS`: `eksProperties` / `eksAttempts`.
 * - `MULTI_NODE`: `nodeProperties` or `nodeDetails` (EC2 only).
 * - `UNKNOWN`: none of the above could be recognised (the event is still usable).
 */
export type Platform = 'EC2' | 'FARGATE' | 'ECS_MULTI_CONTAINER' | 'EKS' | 'MULTI_NODE' | 'UNKNOWN';

/** One container's outcome inside an attempt. */
export interface ContainerOutcome {
  /** Container name; absent for single-container ECS jobs. */
  readonly name?: string;
  readonly exitCode?: number;
  /** Container-level reason (e.g. `CannotPullContainerError: ...`), at most 255 characters as AWS cuts it. */
  readonly reason?: string;
  readonly logStreamName?: string;
  /**
   * True for the container whose outcome decided the attempt: the first with a non-zero exit code,
   * else the first with a reason other than `Completed`, main containers before EKS init containers;
   * else the first main container.
   */
  readonly decisive: boolean;
}

/** Where an attempt's facts were read from in the event. */
export type AttemptSource = 'attempts.container' | 'attempts.taskProperties' | 'eksAttempts' | 'container';

/** One attempt of the job, oldest first. Times are epoch milliseconds. */
export interface Attempt {
  /** 0-based position in the ordered attempt list. */
  readonly index: number;
  readonly source: AttemptSource;
  /** Exit code of the decisive container, when it ran far enough to have one. */
  readonly exitCode?: number;
  /** Reason of the decisive container. */
  readonly containerReason?: string;
  /** The attempt's own status reason (e.g. `Host EC2 (instance i-0abc) terminated.`). */
  readonly statusReason?: string;
  readonly startedAt?: number;
  readonly stoppedAt?: number;
  /** Every container of the attempt (one for single-container jobs). */
  readonly containers: readonly ContainerOutcome[];
}

/** The one internal shape every platform's event is normalised into. */
export interface NormalisedJob {
  /** `UUID`, `UUID:<index>` for an array child, `UUID#<node>` for a multi-node node job. */
  readonly jobId: string;
  readonly jobArn?: string;
  readonly jobName: string;
  readonly status: JobStatus;
  readonly statusReason?: string;
  /** Queue ARN as the event gives it. */
  readonly jobQueue: string;
  /** Job definition ARN with its revision. */
  readonly jobDefinition: string;
  readonly platform: Platform;
  /** Tags without the synthetic `resourceArn` key. */
  readonly tags: Readonly<Record<string, string>>;
  /** At most the last ten (Batch's maximum); `attemptsListed` says when the event listed more. */
  readonly attempts: readonly Attempt[];
  /** How many attempts the event listed, when it listed more than AWS Batch allows (10). */
  readonly attemptsListed?: number;
  /** Array jobs: the parent has `size`; a child has `parentJobId` and `index`. */
  readonly array?: {
    readonly parentJobId?: string;
    readonly index?: number;
    readonly size?: number;
    readonly isParent: boolean;
  };
  /** Multi-node parallel jobs: the node index and whether it is the main node (absent on the parent). */
  readonly node?: { readonly index?: number; readonly isMainNode?: boolean; readonly numNodes?: number };
  readonly createdAt?: number;
  readonly startedAt?: number;
  readonly stoppedAt?: number;
  /** Envelope facts, absent when the input was a bare job detail. */
  readonly event?: {
    readonly id: string;
    readonly time: string;
    readonly region: string;
    readonly account: string;
  };
  /** The job detail as received (unknown fields kept), for faithful resubmission. */
  readonly detail: BatchJobDetail;
}

export type { BatchJobDetail, BatchJobStateChangeEvent };
