import type { FailureClass } from '#core/classify/index.js';
import type { AlertGroup } from './alert-summary.js';
import type { ReasonCount } from './reason-groups.js';

/**
 * What happened to the FAILED events of one failure class. `events` = `retried` + `givenUp` +
 * `ignored` + `duplicates`.
 */
export interface ClassTally {
  /** FAILED events of this class. */
  readonly events: number;
  /** Decided RETRY: a resubmission would have been scheduled. */
  readonly retried: number;
  /** Decided EXIT: the lineage would have been closed as GAVE_UP. */
  readonly givenUp: number;
  /** No decision: derived failures, jobs no policy governs, failures the policy ignores. */
  readonly ignored: number;
  /** The same failed job seen again: its earlier decision stood, nothing was counted twice (G1). */
  readonly duplicates: number;
}

/** Every usable event. `events` = `retried` + `givenUp` + `ignored` + `duplicates` + `recovered`. */
export interface ReplayTotals extends ClassTally {
  /** Events whose status was FAILED (the sum of `events` over the classes). */
  readonly failed: number;
  /** SUCCEEDED events that closed an open lineage as RECOVERED. */
  readonly recovered: number;
}

/** One input that could not be used, as the reader described it. */
export interface UnparseableInput {
  readonly source: string;
  /** The JSON path of the offending field and what was wrong with it. */
  readonly problem: string;
}

/** The outcome of replaying recorded events under a set of policies. */
export interface ReplayReport {
  /** Per failure class, only the classes that occurred, in taxonomy order. */
  readonly classes: Partial<Record<FailureClass, ClassTally>>;
  readonly totals: ReplayTotals;
  /** Why lineages would have been given up: one entry per reason, most frequent first (duplicates left out). */
  readonly givenUpReasons: readonly ReasonCount[];
  /** Why events were ignored, failures and other events alike: one entry per reason, most frequent first. */
  readonly ignoredReasons: readonly ReasonCount[];
  /** True when the replay was stopped (Ctrl-C) before the end of its inputs: the report covers what was read. */
  readonly interrupted: boolean;
  /** The alerts that would have been sent, grouped by fingerprint, most frequent first. */
  readonly alerts: readonly AlertGroup[];
  readonly unparseable: {
    /** Inputs and events that could not be used, all of them. */
    readonly count: number;
    /** The first ones, in input order (at most {@link MAX_UNPARSEABLE_KEPT}). */
    readonly first: readonly UnparseableInput[];
  };
  /** Events older than one already decided on: decided when seen, out of time order. */
  readonly outOfOrder: number;
  /** Lineages forgotten to stay within `maxLineages` (least recently used first). */
  readonly evicted: number;
  /** The most lineages the ledger held at once (at most `maxLineages`). */
  readonly peakLineages: number;
  readonly maxLineages: number;
  readonly reorderWindow: number;
  /** The policies in force, by name and version. */
  readonly policies: readonly { readonly name: string; readonly version: number }[];
  /** Event time of the earliest and latest event decided on (ISO-8601), when any had a time. */
  readonly firstEventAt?: string;
  readonly lastEventAt?: string;
}

/** How many unparseable inputs a report lists by name; all of them are counted. */
export const MAX_UNPARSEABLE_KEPT = 20;
