import { deliveryFor, policyWants } from '../alerts/alert-selection.js';
import type { Policy } from '../policy/schema.js';
import type { Alert, AlertPort } from '../ports/alert.js';

/**
 * Publishes `alert` when the policy governing its job wants that kind for that class, delivered as
 * the policy says (aggregation window, channels). Returns whether it was published.
 */
export async function alertUnder(
  policy: Policy | undefined,
  alert: Alert,
  alerts: AlertPort,
): Promise<boolean> {
  if (!policyWants(policy, alert.kind, alert.failureClass)) return false;
  await alerts.publish({ ...alert, delivery: deliveryFor(policy) });
  return true;
}
