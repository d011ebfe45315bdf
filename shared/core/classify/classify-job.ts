import type { Attempt, NormalisedJob } from '../events/types.js';
import { isAwsWrittenReason } from './aws-written-reason.js';
import { causeFields } from './causes.js';
import type { FailureClass, JobClass } from './classes.js';
import { RULE_PACK } from './pack.js';
import { ruleInput } from './reason-texts.js';
import type { AttemptFacts, Evidence, FailureEvidence, JobContext, Rule, RuleInput } from './rule.js';

/** The class one attempt got, with the rule and evidence behind it. */
export interface AttemptClassification {
  /** 0-based attempt index, oldest first. */
  readonly index: number;
  readonly class: FailureClass;
  /** Id of the rule that matched (a file name in shared/core/classify/rules/). */
  readonly rule: string;
  readonly evidence: FailureEvidence;
}

/** The outcome of classifying one job state change event. */
export interface Classification {
  /** The last attempt's class for FAILED jobs (job-level for a job that never ran); `none` otherwise. */
  readonly class: JobClass;
  /**
   * True when this failure is a consequence of another one that is counted elsewhere: a dependency
   * failure (a `dependsOn` job failed, or an array parent failed because a child failed), or a
   * non-main node of a multi-node parallel job.
   */
  readonly derived: boolean;
  /** Id of the rule behind `class`; `none` for events that are not FAILED. */
  readonly rule: string;
  /** Every failed attempt, oldest first (a SUCCEEDED job's last attempt is not a failure). */
  readonly attempts: readonly AttemptClassification[];
  readonly evidence: Evidence;
}

/**
 * Classifies a job with the rule pack (pack.ts). Every failed attempt is classified; a FAILED job
 * gets its last attempt's class, or, when it never ran, the class of its job-level reason. Events
 * whose status is not FAILED get `none`. Never throws: an attempt no rule explains is `unknown`.
 *
 * @example
 * ```ts
 * const { class: failureClass, evidence } = classifyJob(parseEvent(eventJson, 'event.json'));
 * // 'infrastructure', { attempt: 0, field: 'attempts[0].statusReason', text: 'Host EC2 (...) terminated.', ... }
 * ```
 */
export function classifyJob(job: NormalisedJob, pack: readonly Rule[] = RULE_PACK): Classification {
  const context = jobContext(job, pack);
  const failedAttempts = job.status === 'SUCCEEDED' ? job.attempts.slice(0, -1) : job.attempts;
  const attempts = failedAttempts.map((attempt) => {
    const isLast = attempt === job.attempts.at(-1);
    const { cls, rule, evidence } = runPack(ruleInput(attemptFacts(attempt, isLast), context), pack);
    return { index: attempt.index, class: cls, rule, evidence };
  });
  if (job.status !== 'FAILED') {
    return {
      class: 'none',
      derived: false,
      rule: 'none',
      attempts,
      evidence: { field: 'job.status', pattern: 'status is not FAILED', text: job.status },
    };
  }
  const last = attempts.at(-1);
  const decided =
    last === undefined
      ? runPack(ruleInput({ containers: [], isLast: true }, context), pack)
      : { cls: last.class, rule: last.rule, evidence: last.evidence };
  // A dependency failure (a failed dependsOn job, or an array parent failed by its child) is
  // counted on the job that really failed; a non-main node's failure is the multi-node job's,
  // whose status follows the main node.
  const derived = decided.cls === 'dependency' || context.isNonMainNode;
  return { class: decided.cls, derived, rule: decided.rule, attempts, evidence: decided.evidence };
}

function jobContext(job: NormalisedJob, pack: readonly Rule[]): JobContext {
  return {
    status: job.status,
    ...(job.statusReason === undefined ? {} : { statusReason: job.statusReason }),
    statusReasonIsAws: job.statusReason !== undefined && isAwsWrittenReason(job.statusReason, pack),
    ran: job.attempts.length > 0 || job.startedAt !== undefined,
    platform: job.platform,
    isArrayParent: job.array?.isParent === true,
    isNonMainNode: job.node?.isMainNode === false,
  };
}

function attemptFacts(attempt: Attempt, isLast: boolean): AttemptFacts {
  return {
    index: attempt.index,
    ...(attempt.exitCode === undefined ? {} : { exitCode: attempt.exitCode }),
    ...(attempt.containerReason === undefined ? {} : { containerReason: attempt.containerReason }),
    ...(attempt.statusReason === undefined ? {} : { statusReason: attempt.statusReason }),
    containers: attempt.containers,
    isLast,
  };
}

function runPack(
  input: RuleInput,
  pack: readonly Rule[],
): { cls: FailureClass; rule: string; evidence: FailureEvidence } {
  for (const rule of pack) {
    const result = rule.evaluate(input);
    if (result.kind === 'match') return { cls: result.class, rule: rule.id, evidence: result.evidence };
  }
  return {
    cls: 'unknown',
    rule: 'none',
    evidence: {
      ...(input.attempt.index === undefined ? {} : { attempt: input.attempt.index }),
      field: 'none',
      pattern: 'no rule in the pack matched',
      text: '',
      ...causeFields('unrecognised'),
    },
  };
}
