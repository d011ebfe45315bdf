import type { JobStatus } from '#core/events/index.js';
import type { RetryStrategy } from '#core/ports/index.js';

/** Where a simulated job runs. */
export type SimulatedPlatform = 'EC2' | 'FARGATE';

/**
 * What the outcome model and the run record see of a simulated job: the effective settings after
 * SubmitJob overrides were applied, and its place in a lineage.
 */
export interface SimulatedJob {
  readonly jobId: string;
  readonly jobArn: string;
  readonly jobName: string;
  /** Queue ARN. */
  readonly jobQueue: string;
  /** Queue name (the last part of the ARN). */
  readonly queueName: string;
  /** Job definition ARN with its revision. */
  readonly jobDefinition: string;
  readonly platform: SimulatedPlatform;
  /** Effective memory in MiB (override or job definition). */
  readonly memoryMiB: number;
  /** Effective vCPUs (override or job definition); fractional on Fargate. */
  readonly vcpus: number;
  /** Tags as submitted (no synthetic `resourceArn`). */
  readonly tags: Readonly<Record<string, string>>;
  readonly retryStrategy?: RetryStrategy;
  readonly timeoutSeconds?: number;
  /** `batch-retry:root-job-id` when tagged, else the job's own id. */
  readonly rootJobId: string;
  /** `batch-retry:parent-job-id` when tagged. */
  readonly parentJobId?: string;
  /** Epoch ms of SubmitJob. */
  readonly createdAt: number;
  readonly status: JobStatus;
}
