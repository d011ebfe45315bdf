import { anyOf } from './any-of.js';
import { causeFields, type FailureCause } from './causes.js';
import type { FailureClass } from './classes.js';
import type { ReasonText } from './reason-texts.js';
import { NO_MATCH, NOT_APPLICABLE, type RuleInput, type RuleResult } from './rule.js';

/** A pattern a rule looks for in reason texts, with the readable form shown as evidence. */
export interface ReasonPattern {
  /** Shown to operators as `evidence.pattern`, e.g. `CannotPullContainerError*`. */
  readonly label: string;
  /** Tested against the folded text (see normaliseReason); write it case-insensitive. */
  readonly regex: RegExp;
  /** The cause this pattern gives; default: the rule's own (MatchOptions.cause). */
  readonly cause?: FailureCause;
}

/** What a reason rule gives when one of its patterns matches, and where it looks. */
export interface MatchOptions {
  readonly class: FailureClass;
  /** The cause of a match, unless the pattern names its own or `refine` finds a better one. */
  readonly cause: FailureCause;
  /** The fields read, in `RuleInput.texts` order. Default: container reasons, attempt and job status reason. */
  readonly fields?: readonly ReasonText['field'][];
  /** Reads the cause from the matched text's own words (middleware-causes.ts), before the pattern's. */
  readonly refine?: (folded: string) => FailureCause | undefined;
}

/** A rule's patterns and the one regex that says where any of them could match (any-of.ts). */
export interface ReasonPatterns {
  readonly list: readonly ReasonPattern[];
  readonly any: RegExp;
}

/** `list` with its combined regex, built once where the rule is defined (every event reads it). */
export function reasonPatterns(list: readonly ReasonPattern[]): ReasonPatterns {
  return { list, any: anyOf(list.map((p) => p.regex)) };
}

const ALL_FIELDS: readonly ReasonText['field'][] = [
  'container.reason',
  'attempt.statusReason',
  'job.statusReason',
];

/**
 * The common body of the reason rules: the first text (in `RuleInput.texts` order) that matches any of
 * `patterns` gives the class, with the cause `refine` reads from the text, else the pattern's, else
 * the rule's. Not applicable when the attempt has no reason text in the fields read at all.
 */
export function matchReasonPatterns(
  input: RuleInput,
  { list, any }: ReasonPatterns,
  options: MatchOptions,
): RuleResult {
  const fields = options.fields ?? ALL_FIELDS;
  let applicable = false;
  for (const { field, text, folded } of input.texts) {
    if (!fields.includes(field)) continue;
    applicable = true;
    if (!any.test(folded)) continue;
    const hit = list.find((p) => p.regex.test(folded));
    if (hit !== undefined) {
      const cause = options.refine?.(folded) ?? hit.cause ?? options.cause;
      return {
        kind: 'match',
        class: options.class,
        evidence: {
          ...(input.attempt.index === undefined ? {} : { attempt: input.attempt.index }),
          field,
          pattern: hit.label,
          text,
          ...causeFields(cause),
        },
      };
    }
  }
  return applicable ? NO_MATCH : NOT_APPLICABLE;
}
