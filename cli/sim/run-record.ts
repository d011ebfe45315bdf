import type { OutcomeKind } from './attempt-outcome.js';
import type { SimulatedJob } from './simulated-job.js';

/** One attempt as it happened. Times are epoch ms of virtual time. */
export interface RecordedAttempt {
  /** 1-based within its Batch job. */
  readonly number: number;
  /** 1-based across the lineage. */
  readonly lineageNumber: number;
  readonly outcome: OutcomeKind;
  readonly succeeded: boolean;
  readonly statusReason: string;
  readonly exitCode?: number;
  readonly containerReason?: string;
  readonly taskArn: string;
  /** EC2 only. */
  readonly containerInstanceArn?: string;
  /** Absent when the task never started. */
  readonly logStreamName?: string;
  /** Entered STARTING: the job holds its resources from here on. */
  readonly startingAt: number;
  /** Entered RUNNING; absent when the task never started. */
  readonly startedAt?: number;
  readonly stoppedAt: number;
}

/** One Batch job (one SubmitJob) and every attempt Batch made of it. */
export interface RecordedJob extends SimulatedJob {
  readonly attempts: readonly RecordedAttempt[];
  readonly statusReason?: string;
  /** Epoch ms when the job reached SUCCEEDED or FAILED. */
  readonly stoppedAt?: number;
}

/**
 * A neutral account of a simulated run: every job with its queue, resources, attempts and lineage.
 * It says nothing about who retried (Batch natively or an orchestrator), so the same metrics apply
 * to both sides of a compare.
 */
export interface RunRecord {
  readonly jobs: readonly RecordedJob[];
  /** Epoch ms of the start and the end of the run. */
  readonly startedAt: number;
  readonly endedAt: number;
}
