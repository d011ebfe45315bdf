import type { FailureClass } from '../classify/classes.js';
import type { SubmitJobInput } from '../ports/batch.js';

/** Failures counted per class over a whole lineage (every attempt, native ones included). */
export type ClassCounts = Partial<Record<FailureClass, number>>;

export type LineageStatus = 'OPEN' | 'RECOVERED' | 'GAVE_UP';

/** Evidence for a classification: which attempt, which field, which pattern, the matched text. */
export interface EvidenceRecord {
  /** 0-based attempt index; absent when the evidence is job-level (the job never ran). */
  readonly attempt?: number;
  readonly field: string;
  readonly pattern: string;
  readonly text: string;
}

/** Progress of the one resubmission a RETRY decision allows (G2). */
export interface SubmissionRecord {
  readonly state: 'CLAIMED' | 'SUBMITTED';
  /** Random token of the claim holder; a take-over replaces it conditionally. */
  readonly claimToken: string;
  /** Epoch ms of the claim (or of the latest take-over). */
  readonly claimedAt: number;
  readonly childJobId?: string;
  readonly submittedAt?: number;
}

/** The one decision recorded for one failed job (G1). Times are epoch ms, delays seconds. */
export interface DecisionRecord {
  readonly failedJobId: string;
  readonly failedJobName: string;
  readonly jobQueue: string;
  readonly failureClass: FailureClass;
  readonly evidence?: EvidenceRecord;
  /** How many attempts of this failed job were counted (its attempts[] length, at least 1). */
  readonly attemptsCounted: number;
  readonly action: 'RETRY' | 'EXIT';
  /** Human-readable reason: the rule that matched, the budget that ran out, the hard limit hit. */
  readonly reason: string;
  readonly decidedAt: number;
  /** RETRY only: when the child may be submitted, the delay chosen, and the child's attempt number. */
  readonly dueAt?: number;
  readonly delaySeconds?: number;
  readonly childAttempt?: number;
  /** RETRY only: the exact SubmitJob request; removed once the child is submitted. */
  readonly request?: SubmitJobInput;
  readonly submission?: SubmissionRecord;
  /** Set once the alert for this decision was published (alerts are at-least-once). */
  readonly alertedAt?: number;
}

/** Everything the ledger knows about one lineage: the root job and all its resubmissions. */
export interface Lineage {
  readonly rootJobId: string;
  readonly rootJobName: string;
  readonly policyName: string;
  /** SSM parameter version of the policy that made the first decision. */
  readonly policyVersion: number;
  /** Epoch ms when the root job was created (the lineage age limit counts from here). */
  readonly createdAt: number;
  readonly status: LineageStatus;
  readonly closedAt?: number;
  readonly counts: ClassCounts;
  readonly totalAttempts: number;
  /** Decisions keyed by failed job id, in the order they were made. */
  readonly decisions: readonly DecisionRecord[];
  /** Optimistic-concurrency version, incremented by every write. */
  readonly version: number;
}
