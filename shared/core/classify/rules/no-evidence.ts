import { causeFields } from '../causes.js';
import type { FailureEvidence, Rule } from '../rule.js';

/**
 * `unknown`: the last rule of the pack; it always matches, so that every attempt gets a class and
 * evidence. The evidence shows what was there (an unrecognised reason, exit code 0, or nothing).
 */
export const noEvidence: Rule = {
  id: 'no-evidence',
  description: 'Nothing recognisable (no exit code and no reason, or a reason never seen before): unknown.',
  evaluate: (input) => {
    const { attempt, job } = input;
    const at = {
      ...(attempt.index === undefined ? {} : { attempt: attempt.index }),
      ...causeFields('unrecognised'),
    };
    const [text] = input.texts;
    let evidence: FailureEvidence;
    if (text !== undefined) {
      evidence = { ...at, field: text.field, pattern: 'no rule recognises this reason', text: text.text };
    } else if (attempt.exitCode !== undefined) {
      evidence = {
        ...at,
        field: 'container.exitCode',
        pattern: 'exit code 0 on a failed attempt',
        text: String(attempt.exitCode),
      };
    } else {
      evidence = {
        ...at,
        field: 'none',
        pattern: 'no exit code and no reason',
        text: job.statusReason ?? '',
      };
    }
    return { kind: 'match', class: 'unknown', evidence };
  },
};
