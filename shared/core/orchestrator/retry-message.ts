import * as z from 'zod';
import { FAILURE_CLASSES } from '../classify/classes.js';
import { builtOnFirstUse } from '../compiled-schema.js';
import { OrchestratorError } from '../errors.js';

/** Built on first use (compiled-schema.ts): only the resubmit function reads retry messages. */
const retryMessageSchema = builtOnFirstUse(() => {
  const pointer = {
    rootJobId: z.string().min(1),
    failedJobId: z.string().min(1),
    /** Epoch ms at which the child may be submitted. */
    dueAt: z.number(),
  };

  return z.union([
    z.object({
      v: z.literal(2),
      ...pointer,
      /** Epoch ms after which the lineage is past its age limit: the retry is given up, not submitted. */
      notAfter: z.number(),
      /** Epoch ms until which the breaker of the failed job's queue and class held the retry back. */
      parkedUntil: z.number().optional(),
      /** The breaker that parked the retry: on waking, it asks that breaker whether it may go. */
      parkedBy: z
        .object({
          jobQueue: z.string(),
          failureClass: z.enum(FAILURE_CLASSES),
          cooldownSeconds: z.number().int().min(0),
          /** How to deliver the BREAKER_CLOSED alert, when the policy wants it. */
          closedAlert: z
            .object({
              aggregateSeconds: z.number().int().min(0),
              channels: z.array(z.enum(['sns', 'slack'])),
            })
            .optional(),
        })
        .optional(),
    }),
    // Messages sent before notAfter existed, still in the queue after an upgrade.
    z.object({ v: z.literal(1), ...pointer }),
  ]);
});

/**
 * The body of a message on the retries queue. It only points at the decision: the ledger holds the
 * SubmitJob request, so a message can be sent any number of times without changing what is submitted.
 */
export type RetryMessage = Readonly<z.infer<ReturnType<typeof retryMessageSchema>>>;

/** When the message wants to be handled: its due time, or later while a breaker parks it. */
export function wakeAt(message: RetryMessage): number {
  return message.v === 2 ? Math.max(message.dueAt, message.parkedUntil ?? 0) : message.dueAt;
}

/** Reads a retries-queue message body; a body that is not one is a permanent error (it goes to the DLQ). */
export function parseRetryMessage(body: string, input: string): RetryMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new OrchestratorError(`${input}: the retry message is not JSON`, { transient: false, cause });
  }
  const parsed = retryMessageSchema().safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
    throw new OrchestratorError(
      `${input}: not a batch-retry retry message (expected {"v":2,"rootJobId","failedJobId","dueAt","notAfter"}): ${problems.join('; ')}`,
      { transient: false, context: { input } },
    );
  }
  return parsed.data;
}
