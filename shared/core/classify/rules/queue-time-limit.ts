import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

/**
 * The reasons a job queue's `jobStateTimeLimitActions` cancels a RUNNABLE job for, as AWS writes them:
 * `Canceled by JobStateTimeLimit action due to reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY`. The
 * same codes start the blocked-queue reasons (`MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - ...`).
 * Codes are read at the start of the text or after a colon, never in an operator's sentence
 * ("stuck waiting for CAPACITY:...").
 */
const RESOURCE_CAUSE = reasonPatterns([
  {
    label: '*MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT*',
    regex: /\bMISCONFIGURATION:+JOB_RESOURCE_REQUIREMENT\b/i,
  },
  {
    label: '*MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE*',
    regex: /\bMISCONFIGURATION:+(COMPUTE|SERVICE)_ENVIRONMENT_MAX_RESOURCE\b/i,
  },
  // Service jobs: the job needs more instances than its quota share allows.
  {
    label: '*MISCONFIGURATION:QUOTA_MANAGEMENT_LIMIT_EXCEEDED*',
    regex: /\bMISCONFIGURATION:+QUOTA_MANAGEMENT_LIMIT_EXCEEDED\b/i,
  },
  { label: '*RESOURCE:*', regex: /(^|: )RESOURCE:[A-Z_]+/i },
]);

const CAPACITY_CAUSE = reasonPatterns([
  { label: '*CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY*', regex: /(^|: )CAPACITY:[A-Z_]+/i },
  { label: '*InsufficientInstanceCapacity*', regex: /\bInsufficient ?Instance ?Capacity\b/i },
  // Any other queue-side code AWS writes (e.g. MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS).
  { label: 'MISCONFIGURATION:*', regex: /(^|: )MISCONFIGURATION:[A-Z_]+/i, cause: 'queue-misconfigured' },
  // A time-limit cancel without a code: the queue waited for capacity that did not come.
  { label: '*by JobStateTimeLimit action*', regex: /\bby JobStateTimeLimit action\b/i },
  { label: '*job queue state time limit*', regex: /\bjob queue state time limit\b/i },
]);

/**
 * A queue time-limit cancel (or a blocked-queue reason): `resource` when the cause is the job's own
 * resource requirement (no compute environment can ever place it), `infrastructure` when it is
 * capacity or any other queue-side cause.
 */
export const queueTimeLimit: Rule = {
  id: 'queue-time-limit',
  description:
    'Cancelled by the queue time limit: resource when the job asks more than any compute environment offers, otherwise infrastructure.',
  patterns: [...RESOURCE_CAUSE.list, ...CAPACITY_CAUSE.list],
  evaluate: (input) => {
    const resource = matchReasonPatterns(input, RESOURCE_CAUSE, {
      class: 'resource',
      cause: 'resource-requirement',
    });
    if (resource.kind !== 'no-match') return resource;
    return matchReasonPatterns(input, CAPACITY_CAUSE, {
      class: 'infrastructure',
      cause: 'capacity-unavailable',
    });
  },
};
