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
