import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS = reasonPatterns([
  // Fargate Spot (ECS stoppedReason, stop code SpotInterruption / TerminationNotice).
  { label: 'Your Spot Task was interrupted*', regex: /^Your Spot Task was interrupted/i },
  { label: '*SpotInterruption*', regex: /\bSpotInterruption\b/ },
  {
    label: '*Spot instance interrupted*',
    regex: /\bspot (instance|task|capacity)( was| has been)? (interrupted|interruption|reclaimed)\b/i,
  },
]);

/** `infrastructure`: the Spot capacity under the job was reclaimed. */
export const spotInterruption: Rule = {
  id: 'spot-interruption',
  description: 'Fargate or EC2 Spot capacity was reclaimed under the job: infrastructure.',
  patterns: PATTERNS.list,
  evaluate: (input) =>
    matchReasonPatterns(input, PATTERNS, { class: 'infrastructure', cause: 'spot-reclaim' }),
};
