import * as z from 'zod';
import { OrchestratorError } from '../errors.js';

const retryMessageSchema = z.object({
  v: z.literal(1),
  rootJobId: z.string().min(1),
  failedJobId: z.string().min(1),
  /** Epoch ms at which the child may be submitted. */
  dueAt: z.number(),
});

/**
 * The body of a message on the retries queue. It only points at the decision: the ledger holds the
 * SubmitJob request, so a message can be sent any number of times without changing what is submitted.
 */
export type RetryMessage = Readonly<z.infer<typeof retryMessageSchema>>;

/** Reads a retries-queue message body; a body that is not one is a permanent error (it goes to the DLQ). */
export function parseRetryMessage(body: string, input: string): RetryMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new OrchestratorError(`${input}: the retry message is not JSON`, { transient: false, cause });
  }
  const parsed = retryMessageSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
    throw new OrchestratorError(
      `${input}: not a batch-retry retry message (expected {"v":1,"rootJobId","failedJobId","dueAt"}): ${problems.join('; ')}`,
      { transient: false },
    );
  }
  const { v, rootJobId, failedJobId, dueAt } = parsed.data;
  return { v, rootJobId, failedJobId, dueAt };
}
