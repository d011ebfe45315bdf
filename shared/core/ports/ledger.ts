import type { DecisionRecord, EvidenceRecord, Lineage, SubmissionRecord } from '../lineage/types.js';

/** Facts needed to open a lineage the first time one of its jobs fails. */
export interface LineageSeed {
  readonly rootJobId: string;
  readonly rootJobName: string;
  readonly policyName: string;
  readonly policyVersion: number;
  readonly createdAt: number;
}

export type RecordDecisionResult =
  /** This call wrote the decision; `lineage` is the state after the write. */
  | { readonly outcome: 'recorded'; readonly lineage: Lineage }
  /** A decision for this failed job already existed (duplicate or concurrent delivery): it is returned untouched. */
  | { readonly outcome: 'duplicate'; readonly lineage: Lineage; readonly decision: DecisionRecord };

export type ClaimResult =
  | { readonly outcome: 'claimed'; readonly submission: SubmissionRecord }
  /** Someone holds or finished the claim; the caller inspects `submission`. */
  | { readonly outcome: 'held'; readonly submission: SubmissionRecord }
  /** No RETRY decision exists for that failed job (nothing to submit). */
  | { readonly outcome: 'no-decision' };

/**
 * The retry ledger: the source of truth for budgets and lineage (architecture.md, "Lineage").
 * Every mutating call is a single conditional write, so the guarantees hold under duplicate and
 * concurrent delivery. Implementations: DynamoDB (shared/adapters/aws/) and in-memory (identical semantics,
 * proven by one contract test suite).
 */
export interface LedgerPort {
  getLineage(rootJobId: string): Promise<Lineage | undefined>;

  /** The lineage a job id belongs to (root or any resubmitted child), if the ledger has seen it. */
  findRootJobId(jobId: string): Promise<string | undefined>;

  /**
   * Records the one decision for `decision.failedJobId` (G1), creating the lineage from `seed` when
   * it does not exist, adding `decision.attemptsCounted` to the total and `countsDelta` to the class
   * counts, and closing the lineage as GAVE_UP when the action is EXIT. `expectedVersion` is the
   * version the caller decided on (undefined when the lineage did not exist); when it no longer
   * matches and no decision for that job exists yet, throws `LedgerConflictError` (transient) so the
   * caller re-reads and decides again.
   */
  recordDecision(args: {
    readonly seed: LineageSeed;
    readonly expectedVersion: number | undefined;
    readonly decision: DecisionRecord;
    readonly countsDelta: Readonly<Record<string, number>>;
  }): Promise<RecordDecisionResult>;

  /** Claims the single resubmission of a RETRY decision (G2). Claiming twice returns `held`. */
  claimSubmission(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly claimToken: string;
    readonly at: number;
  }): Promise<ClaimResult>;

  /**
   * Replaces a stale claim (state CLAIMED with token `staleToken`) by a new one. Returns false when
   * the claim changed meanwhile (another worker took it over or finished it).
   */
  takeOverClaim(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly staleToken: string;
    readonly claimToken: string;
    readonly at: number;
  }): Promise<boolean>;

  /**
   * Ends the lease of the caller's own claim (state CLAIMED, token `claimToken`) at once, for when
   * SubmitJob certainly did not run (throttled): the next delivery then looks for a child and takes
   * over without waiting for the lease. `at` only refreshes the item's expiry. Returns false when the
   * claim is no longer the caller's.
   */
  releaseClaim(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly claimToken: string;
    readonly at: number;
  }): Promise<boolean>;

  /**
   * Records the child job of a claim held with `claimToken`, marks it SUBMITTED, drops the stored
   * request, and indexes the child id under the lineage. Idempotent for the same child id.
   */
  recordSubmission(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly claimToken: string;
    readonly childJobId: string;
    readonly at: number;
  }): Promise<void>;

  /** Closes an OPEN lineage (RECOVERED on success). Returns false when it was already closed. */
  closeLineage(args: {
    readonly rootJobId: string;
    readonly status: 'RECOVERED' | 'GAVE_UP';
    readonly at: number;
  }): Promise<boolean>;

  /** Notes that the alert for a decision went out, so a redelivery does not send it again. */
  markAlerted(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly at: number;
  }): Promise<void>;
}

export type { DecisionRecord, EvidenceRecord, Lineage, SubmissionRecord };
