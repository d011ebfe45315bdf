import { OrchestratorError } from '../errors.js';

/**
 * The body of a message on the retries queue. It only points at the decision: the ledger holds the
 * SubmitJob request, so a message can be sent any number of times without changing what is submitted.
 */
export interface RetryMessage {
  readonly v: 1;
  readonly rootJobId: string;
  readonly failedJobId: string;
  /** Epoch ms at which the child may be submitted. */
  readonly dueAt: number;
}

/** Reads a retries-queue message body; a body that is not one is a permanent error (it goes to the DLQ). */
export function parseRetryMessage(body: string, input: string): RetryMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new OrchestratorError(`${input}: the retry message is not JSON`, { transient: false, cause });
  }
  const v = value as Partial<RetryMessage> | null;
  if (
    v === null ||
    typeof v !== 'object' ||
    v.v !== 1 ||
    typeof v.rootJobId !== 'string' ||
    typeof v.failedJobId !== 'string' ||
    typeof v.dueAt !== 'number' ||
    !Number.isFinite(v.dueAt)
  ) {
    throw new OrchestratorError(
      `${input}: not a batch-retry retry message (expected {"v":1,"rootJobId","failedJobId","dueAt"})`,
      { transient: false },
    );
  }
  return { v: 1, rootJobId: v.rootJobId, failedJobId: v.failedJobId, dueAt: v.dueAt };
}
