import { breakerQueueName } from '../breaker/breaker-scope.js';
import type { FailureClass } from '../classify/classes.js';
import type { RetryPause } from '../ports/pauses.js';

/** True when `pause` is in force at `now`: it has no end, or ends later. */
export function inForce(pause: RetryPause, now: number): boolean {
  return pause.until === undefined || pause.until > now;
}

/**
 * The pause that holds a retry to `jobQueue` (name or ARN) of a `failureClass` failure at `now`, if
 * any: one of that queue, for every class or for that class. The one that ends last wins.
 */
export function pauseHolding(
  pauses: readonly RetryPause[],
  retry: { readonly jobQueue: string; readonly failureClass: FailureClass },
  now: number,
): RetryPause | undefined {
  const queue = breakerQueueName(retry.jobQueue);
  const holding = pauses.filter(
    (p) =>
      inForce(p, now) &&
      breakerQueueName(p.jobQueue) === queue &&
      (p.failureClass === undefined || p.failureClass === retry.failureClass),
  );
  return holding.sort(
    (a, b) => (b.until ?? Number.POSITIVE_INFINITY) - (a.until ?? Number.POSITIVE_INFINITY),
  )[0];
}
