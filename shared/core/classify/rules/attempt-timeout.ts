import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS = reasonPatterns([
  // Batch: the attempt ran past timeout.attemptDurationSeconds (exit code 137 or 143, or none).
  { label: 'Job attempt duration exceeded timeout*', regex: /^Job attempt duration exceeded timeout/i },
  // Batch on EKS: the pod's activeDeadlineSeconds ran out.
  { label: 'DeadlineExceeded*', regex: /^DeadlineExceeded\b/i },
  {
    label: 'Pod was active on the node longer than the specified deadline*',
    regex: /^Pod was active on the node longer than the specified deadline/i,
  },
]);

/** `timeout`: the attempt ran past its attempt duration, whatever the exit code. */
export const attemptTimeout: Rule = {
  id: 'attempt-timeout',
  description: 'The attempt ran past timeout.attemptDurationSeconds (or the EKS pod deadline): timeout.',
  patterns: PATTERNS.list,
  evaluate: (input) => matchReasonPatterns(input, PATTERNS, { class: 'timeout', cause: 'attempt-timeout' }),
};
