import type { FailureClass } from '../classify/classes.js';
import type { Policy } from '../policy/schema.js';
import { QUIET_CLASSES } from '../policy/schema-alerting.js';
import type { AlertDelivery, AlertKind } from '../ports/alert.js';

/** How alerts go out when no policy says: aggregated over 5 minutes, to every channel. */
export const DEFAULT_ALERT_DELIVERY: AlertDelivery = { aggregateSeconds: 300, channels: ['sns', 'slack'] };

/** A kind a policy asks for also brings its companion: the breaker closing after it opened. */
const IMPLIED_BY: Partial<Record<AlertKind, AlertKind>> = { BREAKER_CLOSED: 'BREAKER_OPEN' };

/** Kinds that always go out: each means a job needs a person, whatever the policy says. */
const ALWAYS: readonly AlertKind[] = [
  'NOT_RESUBMITTED',
  'DUPLICATE_CHILD',
  'STUCK',
  'POLICY_INVALID',
  // A person's own act, announced so the rest of the on-call team knows.
  'RETRIES_PAUSED',
  'RETRIES_RESUMED',
];

/**
 * Whether `policy` wants alerts of `kind` for failures of `failureClass`: `alerts.byClass` for that
 * class when it names it, else `alerts.on`; cancelled and dependency failures alert on nothing unless
 * `byClass` names them. Kinds no policy controls (NOT_RESUBMITTED, DUPLICATE_CHILD, STUCK,
 * POLICY_INVALID, RETRIES_PAUSED, RETRIES_RESUMED) always go out. With no policy (a lineage whose policy is gone), give-ups alert.
 */
export function policyWants(
  policy: Policy | undefined,
  kind: AlertKind,
  failureClass?: FailureClass,
): boolean {
  if (ALWAYS.includes(kind)) return true;
  if (policy === undefined) return kind === 'GAVE_UP';
  const { on, byClass } = policy.alerts;
  const quiet = failureClass !== undefined && (QUIET_CLASSES as readonly string[]).includes(failureClass);
  const chosen = failureClass === undefined ? on : (byClass[failureClass] ?? (quiet ? [] : on));
  const implied = IMPLIED_BY[kind];
  return chosen.some((k) => k === kind || k === implied);
}

/** How the alerts of a job governed by `policy` are delivered. */
export function deliveryFor(policy: Policy | undefined): AlertDelivery {
  if (policy === undefined) return DEFAULT_ALERT_DELIVERY;
  return { aggregateSeconds: policy.alerts.aggregateSeconds, channels: policy.alerts.channels };
}
