import type { FailureClass } from '../classify/classes.js';
import type { PolicyProblem } from './problems.js';
import type { Policy } from './schema.js';

/**
 * Whether a failure of class `failureClass` can ever be retried: the first rule that can match it
 * decides when it tests the class alone; a rule with patterns may or may not match, so a RETRY
 * among them counts as "can be retried"; with no decisive rule, `defaultAction` decides.
 */
function canRetry(policy: Policy, failureClass: FailureClass): boolean {
  for (const rule of policy.rules) {
    const classes = rule.onClass === undefined ? undefined : [rule.onClass].flat();
    if (classes !== undefined && !classes.includes(failureClass)) continue;
    if (rule.action === 'RETRY') return true;
    const classOnly =
      classes !== undefined &&
      rule.onExitCode === undefined &&
      rule.onReason === undefined &&
      rule.onStatusReason === undefined;
    if (classOnly) return false;
  }
  return policy.defaultAction === 'RETRY';
}

/** Retries the budgets allow after failures of `failureClass`: its own budget, and the total's. */
function retriesAllowed(policy: Policy, failureClass: FailureClass): number {
  const own = policy.budgets.perClass[failureClass];
  const total = policy.budgets.total - 1;
  return own === undefined ? total : Math.min(own, total);
}

const times = (n: number) => `${n} ${n === 1 ? 'retry' : 'retries'}`;

/**
 * Settings of a valid policy that can never take effect, so the policy does not do what its author
 * meant: a fallback step after more infrastructure failures than the budgets let happen, or an
 * escalation (or fallback) for a class the rules never retry. Warnings, not errors: the policy works,
 * and `batch-retry policy validate` prints them without failing.
 */
export function policyWarnings(policy: Policy): PolicyProblem[] {
  const warnings: PolicyProblem[] = [];
  if (policy.escalate !== undefined) {
    if (!canRetry(policy, 'resource')) {
      warnings.push({
        path: 'escalate',
        message:
          'never takes effect: no rule retries a resource failure (out of memory) and defaultAction is ' +
          `${policy.defaultAction}; add a rule {"onClass": "resource", "action": "RETRY"}`,
      });
    } else if (retriesAllowed(policy, 'resource') === 0) {
      warnings.push({
        path: 'escalate',
        message:
          'never takes effect: the budgets allow no retry after a resource failure; raise budgets.perClass.resource',
      });
    }
  }
  const ladder = policy.fallback?.infrastructure.ladder ?? [];
  if (ladder.length > 0 && !canRetry(policy, 'infrastructure')) {
    warnings.push({
      path: 'fallback',
      message:
        'never takes effect: no rule retries an infrastructure failure (such as a Spot reclaim) and ' +
        `defaultAction is ${policy.defaultAction}; add a rule {"onClass": "infrastructure", "action": "RETRY"}`,
    });
    return warnings;
  }
  const allowed = retriesAllowed(policy, 'infrastructure');
  ladder.forEach((step, index) => {
    if (step.afterFailures <= allowed) return;
    const budget =
      policy.budgets.perClass.infrastructure !== undefined &&
      policy.budgets.perClass.infrastructure < policy.budgets.total - 1
        ? `budgets.perClass.infrastructure allows ${times(allowed)}`
        : `budgets.total allows ${times(allowed)}`;
    warnings.push({
      path: `fallback.infrastructure.ladder[${index}].afterFailures`,
      message:
        `is ${step.afterFailures}, so the move to ${step.jobQueue} never happens: ${budget} after ` +
        `infrastructure failures, and the job gives up at failure ${allowed + 1}; raise the budget or lower afterFailures`,
    });
  });
  return warnings;
}
