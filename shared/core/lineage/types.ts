import type { FailureClass } from '../classify/classes.js';
import type { SubmitJobInput } from '../ports/batch.js';
import type { OperatorAction } from './operator-action.js';

/** Failures counted per class over a whole lineage (every attempt, native ones included). */
export type ClassCounts = Partial<Record<FailureClass, number>>;

/** CANCELLED: a person stopped a scheduled retry (`batch-retry cancel-retry`). */
export type LineageStatus = 'OPEN' | 'RECOVERED' | 'GAVE_UP' | 'CANCELLED';

/** Evidence for a classification: which attempt, which field, which pattern, the matched text. */
export interface EvidenceRecord {
  /** 0-based attempt index; absent when the evidence is job-level (the job never ran). */
  readonly attempt?: number;
  readonly field: string;
  readonly pattern: string;
  /** The matched text, at most {@link MAX_STORED_TEXT_CHARS} characters (longer ones end in `...`). */
  readonly text: string;
  /** The cause within the class (e.g. `registry-throttled`), when the classifier knows it. */
  readonly cause?: string;
}

/** Longest evidence text or reason a decision stores, in characters (bounds the lineage item's size). */
export const MAX_STORED_TEXT_CHARS = 512;

/** Progress of the one resubmission a RETRY decision allows (G2). */
export interface SubmissionRecord {
  /**
   * CLAIMED: a worker holds the claim (and may have called SubmitJob). SUBMITTED: the child is known,
   * learned from the child's own first event, from a lookup after a crash, or from a late confirmation.
   */
  readonly state: 'CLAIMED' | 'SUBMITTED';
  /** Random token of the claim holder; a take-over replaces it conditionally. The child carries it as a tag. */
  readonly claimToken: string;
  /** Epoch ms when the resubmission was first claimed; never changes (it bounds the child lookup). */
  readonly claimedAt: number;
  /** Epoch ms until which the holder's lease protects its SubmitJob; 0 once released (nothing submitted). */
  readonly leaseUntil: number;
  /** True when the last holder released the claim because SubmitJob certainly created nothing (throttled). */
  readonly nothingSubmitted?: boolean;
  /** Tokens of earlier holders whose claims were taken over: a child carrying one is a duplicate. */
  readonly previousTokens?: readonly string[];
  readonly childJobId?: string;
  /** Epoch ms when the child became known. */
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
  /** Human-readable reason, at most {@link MAX_STORED_TEXT_CHARS} characters. */
  readonly reason: string;
  readonly decidedAt: number;
  /** RETRY only: when the child may be submitted, the delay chosen, and the child's attempt number. */
  readonly dueAt?: number;
  readonly delaySeconds?: number;
  readonly childAttempt?: number;
  /** RETRY only: the exact SubmitJob request; removed once the child is known. */
  readonly request?: SubmitJobInput;
  readonly submission?: SubmissionRecord;
  /** Duplicate children of this RETRY (submitted under a claim their worker had lost), each counted once. */
  readonly orphans?: readonly string[];
  /** True for the failure of a duplicate child: counted, never retried, the lineage left open. */
  readonly orphan?: boolean;
  /** The failed job's log stream (decisive container of its last attempt), when its event named one. */
  readonly logStream?: string;
  /** The log group of that stream, when the job definition sets one (else `/aws/batch/job`). */
  readonly logGroup?: string;
  /** A person's decision (`batch-retry retry`): their IAM identity (an ARN). Absent for the orchestrator's own. */
  readonly decidedBy?: string;
  /** The decision this one replaced (a person's retry after a give-up), kept for the audit trail. */
  readonly replaced?: {
    readonly action: 'RETRY' | 'EXIT';
    readonly reason: string;
    readonly decidedAt: number;
  };
}

/**
 * A job that claims to be the child a RETRY decision submitted (its tags or labels say so), as the
 * ledger checks it: see {@link childLinkProblem}.
 */
export interface ChildLink {
  readonly parentJobId: string;
  readonly jobId: string;
  /** The claim token the child carries; absent on children submitted before tokens were tagged. */
  readonly claimToken?: string;
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
  /** What people did to the lineage (retry, cancel), oldest first: the audit trail of the operator commands. */
  readonly operatorActions?: readonly OperatorAction[];
}

/**
 * What a decision needs to know of its lineage: the budgets used so far, the policy, the age and
 * the previous delay. Read from the ledger, or from the state a child carries in its tags.
 */
export interface LineageState {
  readonly rootJobId: string;
  readonly policyName: string;
  readonly policyVersion: number;
  readonly createdAt: number;
  readonly status: LineageStatus;
  readonly counts: ClassCounts;
  readonly totalAttempts: number;
  /** Delay of the lineage's latest RETRY decision, in seconds (decorrelated jitter starts from it). */
  readonly lastDelaySeconds?: number;
}

/** The state of a stored lineage. */
export function stateOf(lineage: Lineage): LineageState {
  const lastDelaySeconds = lineage.decisions.at(-1)?.delaySeconds;
  return {
    rootJobId: lineage.rootJobId,
    policyName: lineage.policyName,
    policyVersion: lineage.policyVersion,
    createdAt: lineage.createdAt,
    status: lineage.status,
    counts: lineage.counts,
    totalAttempts: lineage.totalAttempts,
    ...(lastDelaySeconds === undefined ? {} : { lastDelaySeconds }),
  };
}
