import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS = reasonPatterns([
  // ECS stopped reasons: the container's own health check command (defined with the job, run inside
  // the container) kept failing, or the load balancer's check of the program's port did.
  { label: 'Task failed container health checks*', regex: /^Task failed container health checks\b/i },
  { label: 'Task failed ELB health checks*', regex: /^Task failed ELB health checks\b/i },
]);

/**
 * `application`: ECS stopped the task because the program failed its health checks. The check tests
 * the program itself (it answers, it is alive), so the program, not the platform, is the first
 * suspect, whatever the exit code (ECS stops it with SIGTERM, so usually 143 or none).
 */
export const healthCheckFailed: Rule = {
  id: 'health-check-failed',
  description:
    'ECS stopped the task because the program failed its container or ELB health checks: application.',
  patterns: PATTERNS.list,
  evaluate: (input) => matchReasonPatterns(input, PATTERNS, { class: 'application', cause: 'health-check' }),
};
