import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

/**
 * AWS's wording only: these texts also decide that a job-level reason was not an operator's cancel
 * (aws-written-reason.ts), so "Host EC2 maintenance - terminated manually" must not match.
 */
const PATTERNS = reasonPatterns([
  // ECS stopped reason on EC2, listed in the ECS guide as "Host EC2 (instance id) stopped/terminated":
  // "Host EC2 (instance i-0123456789abcdef0) terminated." (Spot reclaim, scale-in, failure) or
  // "... stopped." (the instance was stopped).
  { label: 'Host EC2 (instance *) terminated*', regex: /^Host EC2 \(instance [^)]*\) terminated\b/i },
  { label: 'Host EC2 (instance *) stopped*', regex: /^Host EC2 \(instance [^)]*\) stopped\b/i },
  { label: 'Host EC2 stopped|terminated', regex: /^Host EC2 (stopped|terminated)\b/i },
  { label: 'EC2 instance terminated', regex: /^EC2 instance( i-[0-9a-f]+)? terminated\.?$/i },
  { label: 'Task stopped by AWS*', regex: /^Task stopped by AWS\b/i },
  // Fargate task retirement and maintenance.
  {
    label: '*ECS is performing maintenance on the underlying infrastructure*',
    regex: /\bECS is performing maintenance on the underlying infrastructure\b/i,
  },
  { label: '*task retirement*', regex: /\b(task|instance) retirement\b|\bscheduled for retirement\b/i },
  // The container instance went away under the task ("Container instance deregistration forced by
  // user" is the ECS stopped reason when someone force-deregisters the instance, not a job cancel).
  {
    label: '*container instance * (deregistered|draining)*',
    regex:
      /\bcontainer instance\b.*\b(deregistered|deregistration forced|is draining|is in DRAINING state|was drained|became unavailable)\b/i,
  },
]);

/** `infrastructure`: the EC2 host or Fargate task under the job was stopped, terminated, retired or drained. */
export const hostTerminated: Rule = {
  id: 'host-terminated',
  description: 'The EC2 host or Fargate capacity under the job went away: infrastructure.',
  patterns: PATTERNS.list,
  evaluate: (input) => matchReasonPatterns(input, PATTERNS, { class: 'infrastructure', cause: 'host-lost' }),
};
