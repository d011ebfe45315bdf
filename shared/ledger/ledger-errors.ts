import { LedgerStateError } from '../errors.js';
import type { SubmissionRecord } from './types.js';

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
