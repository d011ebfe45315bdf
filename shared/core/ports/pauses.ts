import type { FailureClass } from '../classify/classes.js';

/** A hold a person put on retries (`batch-retry pause`): the breaker's parking, set by hand. */
export interface RetryPause {
  /** The job queue's name: retries submitted to it are held. */
  readonly jobQueue: string;
  /** Only retries of failures of this class; absent: every class. */
  readonly failureClass?: FailureClass;
  /** Epoch ms when the hold ends by itself; absent: until `batch-retry resume`. */
  readonly until?: number;
  /** IAM identity of the person who paused. */
  readonly by: string;
  /** Epoch ms. */
  readonly at: number;
  readonly reason: string;
}

/** Which pause `batch-retry resume` ends: a queue, and a class when the pause named one. */
export interface PauseKey {
  readonly jobQueue: string;
  readonly failureClass?: FailureClass;
}

export type PauseResult =
  | { readonly outcome: 'paused'; readonly pause: RetryPause }
  /** A pause of that queue (and class) is in force already: nothing was written. */
  | { readonly outcome: 'already'; readonly pause: RetryPause };

export type ResumeResult =
  | { readonly outcome: 'resumed'; readonly pause: RetryPause }
  /** No pause of that queue (and class) was in force: nothing was written. */
  | { readonly outcome: 'not-paused' };

/** The pauses in force, as the resubmit function reads them (implementations may cache them briefly). */
export interface PauseReader {
  /** Every pause in force at `now` (epoch ms). */
  activePauses(now: number): Promise<readonly RetryPause[]>;
}

/** Pauses in the ledger table: set and ended by the operator commands, read by resubmit. */
export interface PauseStore extends PauseReader {
  /** Pauses `pause.jobQueue` (and class), unless a pause of it is in force at `pause.at`. */
  pause(pause: RetryPause): Promise<PauseResult>;
  /** Ends the pause of `key`, if one is in force at `now`. */
  resume(key: PauseKey, now: number): Promise<ResumeResult>;
}
