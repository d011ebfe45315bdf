import { causeFields } from '../causes.js';
import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import { NO_MATCH, NOT_APPLICABLE, type Rule } from '../rule.js';

const PATTERNS = reasonPatterns([{ label: 'Array Child Job failed*', regex: /^Array Child Job failed/i }]);

/**
 * `dependency`: an array parent failed because one of its children failed. The parent never runs
 * (it has no attempts); the child carries the real cause, so classifyJob marks the parent derived.
 */
export const arrayChildFailed: Rule = {
  id: 'array-child-failed',
  description: 'An array parent failed because a child failed ("Array Child Job failed"): dependency.',
  patterns: PATTERNS.list,
  evaluate: (input) => {
    const { attempt, job } = input;
    if (job.status !== 'FAILED' || attempt.index !== undefined) return NOT_APPLICABLE;
    const byReason = matchReasonPatterns(input, PATTERNS, {
      class: 'dependency',
      cause: 'dependency-failed',
      fields: ['job.statusReason'],
    });
    if (byReason.kind === 'match' || !job.isArrayParent) return byReason;
    if (job.statusReason !== undefined && job.statusReason.trim() !== '') return NO_MATCH;
    return {
      kind: 'match',
      class: 'dependency',
      evidence: {
        field: 'job.arrayProperties',
        pattern: 'array parent that failed without a reason of its own',
        text: 'array parent',
        ...causeFields('dependency-failed'),
      },
    };
  },
};
