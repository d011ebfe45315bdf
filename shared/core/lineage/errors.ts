import { OrchestratorError } from '../errors.js';
import type { SubmissionRecord } from './types.js';

/**
 * The ledger changed between read and write (another delivery decided first). Transient: re-read
 * the lineage and decide again.
 */
export class LedgerConflictError extends OrchestratorError {
  constructor(rootJobId: string, cause?: unknown) {
    super(`lineage ${rootJobId} changed while deciding; re-read and decide again`, {
      transient: true,
      cause,
      context: { rootJobId },
    });
  }
}

/**
 * A ledger write found its record in a state that forbids it: the claim was taken over by another
 * worker before the child job was recorded, or the decision it refers to does not exist. Permanent:
 * redelivering cannot make it succeed; the context says which lineage and job so an operator can
 * check for a duplicate child job.
 */
export class LedgerStateError extends OrchestratorError {
  constructor(message: string, context: Record<string, unknown>, cause?: unknown) {
    super(message, { transient: false, cause, context });
  }
}

/**
 * The ledger (DynamoDB) could not be reached, throttled the call, or does not exist. Transient: a
 * handler rethrows it so that SQS redelivers. `cause` is the SDK's own error.
 */
export class LedgerUnavailableError extends OrchestratorError {
  constructor(operation: string, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`the retry ledger did not answer ${operation}: ${detail}`, {
      transient: true,
      cause,
      context: { operation },
    });
  }
}

/**
 * A write would take a lineage item past DynamoDB's 400 KB item limit. Permanent: redelivering the
 * same event writes the same bytes. Decisions store bounded texts, so this should never happen; when
 * it does, the lineage cannot make progress and a person is told (GAVE_UP alert naming the job).
 */
export class LedgerItemTooLargeError extends OrchestratorError {
  constructor(operation: string, cause: unknown) {
    super(
      `the retry ledger refused ${operation}: the lineage item would exceed DynamoDB's 400 KB item limit`,
      { transient: false, cause, context: { operation } },
    );
  }
}

/**
 * The error both ledgers raise when `recordSubmission` finds the claim held by someone else (taken
 * over after the caller's claim went stale) or missing. The caller may have submitted a child job
 * that the ledger does not know about, so the message tells the operator where to look.
 */
export function claimLostError(
  args: { readonly rootJobId: string; readonly failedJobId: string; readonly childJobId: string },
  found: SubmissionRecord | undefined,
): LedgerStateError {
  const now =
    found === undefined
      ? 'no claim exists for it'
      : found.state === 'SUBMITTED'
        ? `child ${found.childJobId ?? '(unknown)'} is already recorded`
        : 'another worker holds the claim now';
  return new LedgerStateError(
    `cannot record child job ${args.childJobId} for failed job ${args.failedJobId} (lineage ${args.rootJobId}): ` +
      `${now}. Job ${args.childJobId} may be a duplicate resubmission; check it and cancel it if so.`,
    { ...args, found },
  );
}

/** The error both ledgers raise when a write names a failed job that has no recorded decision. */
export function missingDecisionError(
  operation: string,
  rootJobId: string,
  failedJobId: string,
): LedgerStateError {
  return new LedgerStateError(
    `${operation}: lineage ${rootJobId} has no decision for failed job ${failedJobId}; nothing was written`,
    { rootJobId, failedJobId, operation },
  );
}
