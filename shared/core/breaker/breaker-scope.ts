import type { BreakerKey } from '../ports/breaker.js';

/** The queue name of a job queue name or ARN (`arn:aws:batch:...:job-queue/<name>` -> `<name>`). */
export function breakerQueueName(jobQueue: string): string {
  return jobQueue.split('/').at(-1) ?? jobQueue;
}

/**
 * The identity of one breaker: `<queue name>#<class>`. Queue names hold only letters, digits, `-` and
 * `_`, so `#` cannot be ambiguous; a queue's name and its ARN give the same scope.
 */
export function breakerScope(key: BreakerKey): string {
  return `${breakerQueueName(key.jobQueue)}#${key.failureClass}`;
}

/** Start (epoch ms) of the fixed window of `windowSeconds` that contains `at` (epoch ms). */
export function windowStartMs(at: number, windowSeconds: number): number {
  const windowMs = windowSeconds * 1000;
  return Math.floor(at / windowMs) * windowMs;
}

/**
 * The counter of one window: its length and start (`300s@1700000100000`). The length is part of the
 * key because two policies on one queue may count in windows of different lengths, and must not add
 * to each other's counters.
 */
export function windowKey(at: number, windowSeconds: number): string {
  return `${windowSeconds}s@${windowStartMs(at, windowSeconds)}`;
}
