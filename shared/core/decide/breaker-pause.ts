import { breakerQueueName } from '../breaker/breaker-scope.js';
import type { FailureClass } from '../classify/classes.js';

/** What an open breaker does to one retry: the least delay, and the explanation step that says why. */
export interface BreakerPause {
  /** Seconds the retry must wait at least (0 when the retry goes to another queue). */
  readonly waitSeconds: number;
  readonly explanation: string;
}

/**
 * The effect of the breaker of the failed job's queue and class, open until `pausedUntil` (epoch ms),
 * on a retry decided at `now`: the retry waits until the breaker closes (whole seconds, rounded up),
 * unless the fallback ladder sends it to another queue, which the breaker does not cover. Undefined
 * when the breaker is closed.
 */
export function breakerPause(args: {
  readonly pausedUntil: number | undefined;
  readonly now: number;
  readonly failedQueue: string;
  readonly retryQueue: string;
  readonly failureClass: FailureClass;
}): BreakerPause | undefined {
  const { pausedUntil, now } = args;
  if (pausedUntil === undefined || pausedUntil <= now) return undefined;
  const queue = breakerQueueName(args.failedQueue);
  const open = `the breaker for queue ${queue} and class ${args.failureClass} is open until ${new Date(pausedUntil).toISOString()}`;
  if (breakerQueueName(args.retryQueue) !== queue) {
    return {
      waitSeconds: 0,
      explanation: `${open}; the retry goes to ${breakerQueueName(args.retryQueue)}, so it does not wait`,
    };
  }
  const waitSeconds = Math.ceil((pausedUntil - now) / 1000);
  return { waitSeconds, explanation: `${open}, so the retry waits at least ${waitSeconds} s` };
}
