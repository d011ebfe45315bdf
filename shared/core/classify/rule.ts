import type { ContainerOutcome, JobStatus, Platform } from '../events/types.js';
import type { FailureCause } from './causes.js';
import type { FailureClass } from './classes.js';
import type { ReasonPattern } from './reason-patterns.js';
import type { ReasonText } from './reason-texts.js';

/**
 * Where a piece of evidence was read from, in the vocabulary of `evaluateOnExit`:
 * - `container.reason`: a container's `reason` (what `onReason` matches),
 * - `container.exitCode`: the decisive container's exit code (what `onExitCode` matches),
 * - `attempt.statusReason`: the attempt's own `statusReason` (what `onStatusReason` matches),
 * - `job.statusReason`: the job-level `statusReason`,
 * - `job.status`, `job.arrayProperties`, `job.nodeDetails`: structural facts of the job,
 * - `none`: nothing usable was present (the `unknown` class).
 */
export type EvidenceField =
  | 'container.reason'
  | 'container.exitCode'
  | 'attempt.statusReason'
  | 'job.statusReason'
  | 'job.status'
  | 'job.arrayProperties'
  | 'job.nodeDetails'
  | 'none';

/**
 * Why a class was given: which attempt, which field, which pattern, and the text it matched; for a
 * failure also the cause within the class and whether that cause is usually transient.
 */
export interface Evidence {
  /** 0-based attempt index; absent when the evidence is job-level (the job never ran). */
  readonly attempt?: number;
  readonly field: EvidenceField;
  /** A readable form of the pattern that matched, e.g. `OutOfMemoryError*`. */
  readonly pattern: string;
  /** The whole value of the field as the event carried it (newlines kept). */
  readonly text: string;
  /** The cause within the class (causes.ts); absent only for an event that is not a failure. */
  readonly cause?: FailureCause;
  /** True when the cause usually goes away by itself (FAILURE_CAUSES[cause].transient). */
  readonly transient?: boolean;
}

/** The evidence of a failure: it always names a cause. */
export type FailureEvidence = Evidence & { readonly cause: FailureCause; readonly transient: boolean };

/** The facts of one attempt. A job that never ran is described by an attempt without `index`. */
export interface AttemptFacts {
  /** 0-based attempt index; absent for the job-level pseudo-attempt of a job that never ran. */
  readonly index?: number;
  readonly exitCode?: number;
  readonly containerReason?: string;
  readonly statusReason?: string;
  readonly containers: readonly ContainerOutcome[];
  /** True for the attempt the job-level fields mirror (the last one, or the pseudo-attempt). */
  readonly isLast: boolean;
}

/** The facts of the job around the attempt. */
export interface JobContext {
  readonly status: JobStatus;
  readonly statusReason?: string;
  /**
   * True when the job-level `statusReason` was written by AWS (aws-written-reason.ts: one of the
   * strings in aws-reasons.ts, or a text a rule's patterns recognise); false for an operator's text.
   */
  readonly statusReasonIsAws: boolean;
  /** True when at least one attempt started (the job reached RUNNING at some point). */
  readonly ran: boolean;
  readonly platform: Platform;
  readonly isArrayParent: boolean;
  /** A node job of a multi-node parallel job that is not the main node. */
  readonly isNonMainNode: boolean;
}

/** What every rule receives. */
export interface RuleInput {
  readonly attempt: AttemptFacts;
  readonly job: JobContext;
  /** The attempt's reason texts, in the order rules read them (build inputs with `ruleInput`). */
  readonly texts: readonly ReasonText[];
}

/** A rule's verdict: a class with evidence, no match, or "this rule does not apply to such input". */
export type RuleResult =
  | { readonly kind: 'match'; readonly class: FailureClass; readonly evidence: FailureEvidence }
  | { readonly kind: 'no-match' }
  | { readonly kind: 'not-applicable' };

/**
 * A classification rule: a small pure function with a stable id. Rules live one per file in
 * `rules/` and are ordered in `pack.ts`; the first match wins.
 */
export interface Rule {
  /** Kebab-case id, equal to the rule's file name. */
  readonly id: string;
  /** One sentence: what the rule recognises and which class it gives. */
  readonly description: string;
  /**
   * The reason patterns the rule recognises, for rules that read reason texts. A job-level reason
   * that any rule's patterns recognise counts as written by AWS (aws-written-reason.ts), so that
   * `operator-cancel` never claims it as an operator's free text.
   */
  readonly patterns?: readonly ReasonPattern[];
  readonly evaluate: (input: RuleInput) => RuleResult;
}

export const NO_MATCH: RuleResult = { kind: 'no-match' };
export const NOT_APPLICABLE: RuleResult = { kind: 'not-applicable' };
