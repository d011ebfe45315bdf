import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS = reasonPatterns([
  // ECS stoppedReason when the task's ENI (awsvpc, always on Fargate) was not attached in time.
  {
    label: 'Timeout waiting for network interface provisioning to complete*',
    regex: /\bTimeout waiting for network interface provision/i,
  },
  {
    label: 'Timeout waiting for EphemeralStorage provisioning to complete*',
    regex: /\bTimeout waiting for EphemeralStorage provision/i,
    cause: 'storage-provisioning',
  },
  {
    label: '*network interface provision*',
    regex: /\bnetwork interface provision(ing)?\b.*\b(timeout|timed out|failed)\b/i,
  },
]);

/** `infrastructure`: the task's network interface or storage could not be provisioned in time. */
export const networkProvisioning: Rule = {
  id: 'network-provisioning',
  description:
    'The task network interface (ENI) or ephemeral storage was not provisioned in time: infrastructure.',
  patterns: PATTERNS.list,
  evaluate: (input) =>
    matchReasonPatterns(input, PATTERNS, { class: 'infrastructure', cause: 'eni-provisioning' }),
};
