import { type DigestMessage, digestMessageSchema, isDigestMessage } from '../alerts/digest.js';
import { OrchestratorError } from '../errors.js';
import { parseRetryMessage, type RetryMessage } from './retry-message.js';

/** What the delay queue carries: retries for the resubmit function, and the timers that close alert windows. */
export type QueuedWork =
  | { readonly kind: 'retry'; readonly message: RetryMessage }
  | { readonly kind: 'digest'; readonly message: DigestMessage };

/**
 * Reads a delay-queue message body: an alert digest timer (`"kind": "alert-digest"`), else a retry
 * message. A body that is neither is a permanent error (it goes to the DLQ).
 */
export function parseQueuedWork(body: string, input: string): QueuedWork {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new OrchestratorError(`${input}: the message is not JSON`, { transient: false, cause });
  }
  if (!isDigestMessage(value)) return { kind: 'retry', message: parseRetryMessage(body, input) };
  const parsed = digestMessageSchema().safeParse(value);
  if (parsed.success) return { kind: 'digest', message: parsed.data };
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
  throw new OrchestratorError(`${input}: not a usable alert digest timer: ${problems.join('; ')}`, {
    transient: false,
    context: { input },
  });
}
