import { matchReasonPatterns, type ReasonPattern } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS: readonly ReasonPattern[] = [
  // Batch on EC2: "Host EC2 (instance i-0123456789abcdef0) terminated." (Spot reclaim, scale-in, failure).
  { label: 'Host EC2 (instance *) terminated*', regex: /^Host EC2 \(instance [^)]*\) terminated/i },
  { label: 'Host EC2 * terminated*', regex: /^Host EC2\b.*\bterminated\b/i },
  { label: 'EC2 instance * terminated*', regex: /^EC2 instance\b.*\bterminated\b/i },
  { label: 'Task stopped by AWS*', regex: /^Task stopped by AWS\b/i },
  // Fargate task retirement and maintenance.
  {
    label: '*ECS is performing maintenance on the underlying infrastructure*',
    regex: /\bECS is performing maintenance on the underlying infrastructure\b/i,
  },
  { label: '*task retirement*', regex: /\b(task|instance) retirement\b|\bscheduled for retirement\b/i },
  // The container instance went away under the task.
  {
    label: '*container instance * (deregistered|draining)*',
    regex: /\bcontainer instance\b.*\b(deregistered|is draining|was drained|became unavailable)\b/i,
  },
];

/** `infrastructure`: the EC2 host or Fargate task under the job was terminated, retired or drained. */
export const hostTerminated: Rule = {
  id: 'host-terminated',
  description: 'The EC2 host or Fargate capacity under the job went away: infrastructure.',
  evaluate: (input) => matchReasonPatterns(input, PATTERNS, 'infrastructure'),
};
