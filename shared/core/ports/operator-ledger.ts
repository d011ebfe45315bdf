import type { FailureClass } from '../classify/classes.js';
import type { OperatorAction } from '../lineage/operator-action.js';
import type { ClassCounts, DecisionRecord, Lineage, LineageStatus } from '../lineage/types.js';

/** One line of `batch-retry lineage list`: what the list index keeps of a lineage. */
export interface LineageSummary {
  readonly rootJobId: string;
  readonly rootJobName: string;
  readonly status: LineageStatus;
  /** Name of the queue of the lineage's first failed job. */
  readonly jobQueue?: string;
  readonly policyName: string;
  readonly policyVersion: number;
  readonly totalAttempts: number;
  readonly counts: ClassCounts;
  /** Epoch ms: the root job's creation, the lineage's first decision, its closing. */
  readonly createdAt: number;
  readonly openedAt: number;
  readonly closedAt?: number;
}

/** Which lineages to list: opened at or after `since` (epoch ms), newest first. */
export interface LineageQuery {
  readonly since: number;
  /** Epoch ms the listing is made at (the newest day it reads). */
  readonly now: number;
  readonly status?: LineageStatus;
  /** A queue name or ARN. */
  readonly jobQueue?: string;
  /** Lineages with at least one failure of this class. */
  readonly failureClass?: FailureClass;
  /** Most lineages per page. */
  readonly limit: number;
  /** Where the previous page ended (its `cursor`). */
  readonly cursor?: string;
}

export interface LineagePage {
  readonly lineages: readonly LineageSummary[];
  /** Present when more lineages match: pass it as `cursor` for the next page. */
  readonly cursor?: string;
}

export type OperatorWriteResult =
  /** The write went through; `lineage` is the stored lineage after it. */
  | { readonly outcome: 'written'; readonly lineage: Lineage }
  /** Nothing was written: the lineage is not the version the caller read (`lineage` is as it is now). */
  | { readonly outcome: 'changed'; readonly lineage: Lineage | undefined };

/**
 * What the operator commands read and write in the ledger, beside `LedgerPort`: the list of recent
 * lineages, and a person's retry or cancel, each one conditional write on the lineage item at the
 * version the person saw (so of two people acting at once exactly one wins), recorded in the
 * lineage's `operatorActions` (who, when, why).
 */
export interface OperatorLedgerPort {
  listLineages(query: LineageQuery): Promise<LineagePage>;

  /**
   * A person's retry of a lineage that ended: `decision` (a RETRY due now, with its request, naming
   * the person in `decidedBy` and the decision it replaces in `replaced`) takes the place of the
   * decision of its failed job, and the lineage is OPEN again.
   */
  reopenWithRetry(args: {
    readonly rootJobId: string;
    readonly expectedVersion: number;
    readonly decision: DecisionRecord;
    readonly action: OperatorAction;
  }): Promise<OperatorWriteResult>;

  /** Brings a scheduled, not yet claimed retry of `failedJobId` forward to `action.dueAt`. */
  bringRetryForward(args: {
    readonly rootJobId: string;
    readonly expectedVersion: number;
    readonly failedJobId: string;
    readonly action: OperatorAction;
  }): Promise<OperatorWriteResult>;

  /** Closes an OPEN lineage as CANCELLED while the retry of `failedJobId` is not yet claimed. */
  cancelRetry(args: {
    readonly rootJobId: string;
    readonly expectedVersion: number;
    readonly failedJobId: string;
    readonly action: OperatorAction;
  }): Promise<OperatorWriteResult>;
}
