import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS = reasonPatterns([{ label: 'Dependent Job failed*', regex: /^Dependent Job failed/i }]);

/**
 * `dependency`: the job never ran because a job in its `dependsOn` failed (PENDING -> FAILED with no
 * attempts; also an array child whose N_TO_N or SEQUENTIAL predecessor failed).
 */
export const dependentJobFailed: Rule = {
  id: 'dependent-job-failed',
  description: 'A job it depends on failed ("Dependent Job failed"): dependency.',
  patterns: PATTERNS.list,
  evaluate: (input) =>
    matchReasonPatterns(input, PATTERNS, {
      class: 'dependency',
      cause: 'dependency-failed',
      fields: ['job.statusReason', 'attempt.statusReason'],
    }),
};
