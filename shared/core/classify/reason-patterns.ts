import type { FailureClass } from './classes.js';
import { normaliseReason } from './normalise-reason.js';
import { type ReasonText, reasonTexts } from './reason-texts.js';
import { NO_MATCH, NOT_APPLICABLE, type RuleInput, type RuleResult } from './rule.js';

/** A pattern a rule looks for in reason texts, with the readable form shown as evidence. */
export interface ReasonPattern {
  /** Shown to operators as `evidence.pattern`, e.g. `CannotPullContainerError*`. */
  readonly label: string;
  /** Tested against the folded text (see normaliseReason); write it case-insensitive. */
  readonly regex: RegExp;
}

/**
 * The common body of the reason rules: the first text (in reasonTexts order) that matches any of
 * `patterns` gives `cls`. Not applicable when the attempt has no reason text in `fields` at all.
 */
export function matchReasonPatterns(
  input: RuleInput,
  patterns: readonly ReasonPattern[],
  cls: FailureClass,
  fields: readonly ReasonText['field'][] = ['container.reason', 'attempt.statusReason', 'job.statusReason'],
): RuleResult {
  const texts = reasonTexts(input).filter((t) => fields.includes(t.field));
  if (texts.length === 0) return NOT_APPLICABLE;
  for (const { field, text } of texts) {
    const folded = normaliseReason(text);
    const hit = patterns.find((p) => p.regex.test(folded));
    if (hit !== undefined) {
      return {
        kind: 'match',
        class: cls,
        evidence: {
          ...(input.attempt.index === undefined ? {} : { attempt: input.attempt.index }),
          field,
          pattern: hit.label,
          text,
        },
      };
    }
  }
  return NO_MATCH;
}
