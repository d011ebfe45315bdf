import type {
  ChildLink,
  DecisionRecord,
  Lineage,
  LineageStatus,
  SubmissionRecord,
} from '../lineage/types.js';

export type { ChildLink };

/** Facts needed to open a lineage the first time one of its jobs fails. */
export interface LineageSeed {
  readonly rootJobId: string;
  readonly rootJobName: string;
  readonly policyName: string;
  readonly policyVersion: number;
  readonly createdAt: number;
}

/**
 * What the caller believed about the lineage when it decided; the write happens only if it still holds.
 * - `new`: no lineage exists yet (a root job's first failure).
 * - `version`: the lineage as read from the ledger at this version.
 * - `attempts`: the state a child carries in its tags: the lineage is OPEN with `totalAttempts` counted.
 */
export type ExpectedLineage =
  | { readonly kind: 'new' }
  | { readonly kind: 'version'; readonly version: number }
  | { readonly kind: 'attempts'; readonly totalAttempts: number };

export type RecordDecisionResult =
  /** This call wrote the decision; `lineage` is the state after the write. */
  | { readonly outcome: 'recorded'; readonly lineage: Lineage }
  /** A decision for this failed job already existed (duplicate or concurrent delivery): it is returned untouched. */
  | { readonly outcome: 'duplicate'; readonly lineage: Lineage; readonly decision: DecisionRecord }
  /**
   * Nothing was written: the lineage is not what the caller expected (another decision, a claim, a
   * closed lineage, a child link that does not hold). `lineage` is the stored one (undefined when
   * none exists); the caller looks at it and decides again.
   */
  | { readonly outcome: 'stale'; readonly lineage: Lineage | undefined };

export type CloseResult =
  | { readonly outcome: 'closed'; readonly lineage: Lineage }
  /** Nothing was written: the lineage is closed already, missing, or the child link does not hold. */
  | { readonly outcome: 'unchanged'; readonly lineage: Lineage | undefined };

export type ClaimResult =
  /** The caller holds the claim; `decision` carries the request to submit. */
  | { readonly outcome: 'claimed'; readonly decision: DecisionRecord; readonly lineage: Lineage }
  /** Someone holds or finished the claim; the caller inspects `submission`. */
  | { readonly outcome: 'held'; readonly submission: SubmissionRecord; readonly lineage: Lineage }
  /** The lineage is closed: nothing is submitted for it any more. */
  | { readonly outcome: 'closed'; readonly status: LineageStatus }
  /** No RETRY decision exists for that failed job (nothing to submit). */
  | { readonly outcome: 'no-decision' };

/**
 * The retry ledger: the source of truth for budgets and lineage (architecture.md, "Lineage").
 * Every mutating call is one conditional write that returns what the caller needs next, so the
 * guarantees hold under duplicate and concurrent delivery with as few requests as possible
 * (docs/ledger.md counts them per outcome). Implementations: DynamoDB (shared/adapters/aws/dynamodb)
 * and in-memory (shared/adapters/memory), with identical semantics proven by one contract suite.
 */
export interface LedgerPort {
  /** The lineage of root job `rootJobId`, read consistently. */
  getLineage(rootJobId: string): Promise<Lineage | undefined>;

  /**
   * Records the one decision for `decision.failedJobId` (G1), creating the lineage from `seed` when
   * `expected` is `new`, adding `decision.attemptsCounted` to the total and `countsDelta` to the class
   * counts, linking `child` to its parent's decision, and closing the lineage as GAVE_UP when the
   * action is EXIT (an orphan's decision leaves it open). Writes only when `expected` still holds.
   */
  recordDecision(args: {
    readonly seed: LineageSeed;
    readonly expected: ExpectedLineage;
    readonly decision: DecisionRecord;
    readonly countsDelta: Readonly<Record<string, number>>;
    readonly child?: ChildLink;
  }): Promise<RecordDecisionResult>;

  /**
   * Closes an OPEN lineage (RECOVERED when a child succeeded, GAVE_UP when a decided retry cannot be
   * carried out), linking `child` when given. Returns the closed lineage.
   */
  closeLineage(args: {
    readonly rootJobId: string;
    readonly status: 'RECOVERED' | 'GAVE_UP';
    readonly at: number;
    readonly child?: ChildLink;
  }): Promise<CloseResult>;

  /**
   * Claims the single resubmission of a RETRY decision of an OPEN lineage (G2) for `leaseMs`. Claiming
   * twice returns `held`.
   */
  claimSubmission(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly claimToken: string;
    readonly at: number;
    readonly leaseMs: number;
  }): Promise<ClaimResult>;

  /**
   * Replaces a claim still CLAIMED under `staleToken` by a new one with a fresh lease; the stale token
   * is kept in `previousTokens` (a child carrying it is a duplicate). False when the claim changed.
   */
  takeOverClaim(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly staleToken: string;
    readonly claimToken: string;
    readonly at: number;
    readonly leaseMs: number;
  }): Promise<boolean>;

  /**
   * Ends the caller's lease at once (`leaseUntil` 0) and notes that nothing was submitted, for when
   * SubmitJob certainly did not run (throttled): the next delivery takes over without a child lookup
   * and without waiting out the lease. `claimedAt` is kept, so a later lookup stays bounded. False
   * when the claim is no longer the caller's.
   */
  releaseClaim(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly claimToken: string;
    readonly at: number;
  }): Promise<boolean>;

  /**
   * Records the child of a claim held with `claimToken` (found by a lookup after a crash, or confirmed
   * by a worker whose SubmitJob took unusually long), marks it SUBMITTED and drops the request.
   * Idempotent for the same child; throws `LedgerStateError` when the claim is someone else's.
   */
  recordSubmission(args: {
    readonly rootJobId: string;
    readonly failedJobId: string;
    readonly claimToken: string;
    readonly childJobId: string;
    readonly at: number;
  }): Promise<void>;

  /**
   * Records `jobId` as a duplicate child of `parentJobId`'s decision (submitted under a claim its
   * worker had lost). Its failure, when it comes, is recorded as an orphan's decision and counts
   * against the lineage. False when it was recorded before, or the parent has no decision.
   */
  recordOrphan(args: {
    readonly rootJobId: string;
    readonly parentJobId: string;
    readonly jobId: string;
    readonly at: number;
  }): Promise<boolean>;
}
