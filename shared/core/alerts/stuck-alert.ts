import type { Alert } from '../ports/alert.js';
import { alertFingerprint } from './fingerprint.js';

/** A message that batch-retry gives up processing, as far as its body names the job. */
export interface StuckMessage {
  /** `events` (a state-change event for decide) or `retries` (a retry for resubmit). */
  readonly queue: 'events' | 'retries';
  readonly messageId: string;
  readonly jobId?: string;
  readonly jobName?: string;
  readonly rootJobId?: string;
  readonly jobQueue?: string;
  /** Why processing failed, in one line. */
  readonly problem: string;
  readonly receiveCount: number;
}

/**
 * The alert for a message that will not be processed (a permanent error, or its last delivery before
 * the queue's receive limit moves it to the DLQ): the job it is about will not be decided or
 * resubmitted unless a person acts. Every DLQ arrival raises one, so nobody has to watch log lines.
 */
export function stuckAlert(message: StuckMessage, at: number): Alert {
  const job =
    message.jobId === undefined
      ? `an event that names no job (SQS message ${message.messageId})`
      : `job ${message.jobName ?? '(unnamed)'} (${message.jobId})`;
  const what = message.queue === 'events' ? 'decide on' : 'resubmit';
  const next =
    "Fix the cause named above (the function's logs have each attempt), then redrive the DLQ " +
    '(aws sqs start-message-move-task --source-arn <dlq arn>); docs/operations.md has the steps.';
  return {
    kind: 'STUCK',
    severity: 'critical',
    title: `batch-retry could not ${what} ${message.jobName ?? message.jobId ?? 'an event'}; message sent to the DLQ`,
    summary:
      `batch-retry could not ${what} ${job} after ${message.receiveCount} deliveries: ${message.problem}. The SQS ` +
      `message ${message.messageId} goes to the ${message.queue} queue's dead-letter queue, and nothing more happens ` +
      `for this job until a person acts. Next: ${next}`,
    next,
    decision: `sent to the ${message.queue} queue's dead-letter queue`,
    reason: message.problem,
    fingerprint: alertFingerprint({
      kind: 'STUCK',
      jobQueue: message.jobQueue ?? message.queue,
      reason: message.problem,
    }),
    at,
    ...(message.jobId === undefined ? {} : { jobId: message.jobId }),
    ...(message.jobName === undefined ? {} : { jobName: message.jobName }),
    ...(message.rootJobId === undefined ? {} : { rootJobId: message.rootJobId }),
    ...(message.jobQueue === undefined ? {} : { jobQueue: message.jobQueue }),
    details: { messageId: message.messageId, queue: message.queue, problem: message.problem },
  };
}
