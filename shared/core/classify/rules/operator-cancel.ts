import { CANCEL_WORDS } from '../cancel-words.js';
import { causeFields } from '../causes.js';
import { NO_MATCH, NOT_APPLICABLE, type Rule } from '../rule.js';

/**
 * Exit codes a container has when it was stopped from outside rather than failing by itself:
 * 0 (it shut down cleanly on SIGTERM), 130 (SIGINT), 137 (SIGKILL after the 30 s grace period) and
 * 143 (SIGTERM). TerminateJob stops a running container with SIGTERM, then SIGKILL.
 */
const STOPPED_EXIT_CODES: ReadonlySet<number> = new Set([0, 130, 137, 143]);

/** Container reasons that say only that the container exited, not why (Kubernetes `Error`, `Completed`). */
const GENERIC_CONTAINER_REASON = /^\s*(Error|Completed|Essential container in task exited\.?)?\s*$/i;

/**
 * `cancelled`: the job-level status reason of a FAILED job is not one AWS writes (aws-reasons.ts),
 * so a person or tool wrote it in CancelJob/TerminateJob, even when it says "terminated" or "EC2".
 * It counts when the job was stopped rather than failing by itself: it never ran, or its last attempt
 * has no platform container reason and no exit code or a stop-signal exit code, or the text itself
 * speaks of cancelling.
 */
export const operatorCancel: Rule = {
  id: 'operator-cancel',
  description: 'The job-level reason is free text given to CancelJob/TerminateJob: cancelled.',
  evaluate: ({ attempt, job }) => {
    if (job.status !== 'FAILED' || !attempt.isLast) return NOT_APPLICABLE;
    const reason = job.statusReason;
    if (reason === undefined || reason.trim() === '') return NOT_APPLICABLE;
    if (job.statusReasonIsAws) return NO_MATCH;
    const platformReason = [attempt.containerReason, ...attempt.containers.map((c) => c.reason)].some(
      (text) => text !== undefined && !GENERIC_CONTAINER_REASON.test(text),
    );
    const stopped =
      attempt.index === undefined ||
      (!platformReason && (attempt.exitCode === undefined || STOPPED_EXIT_CODES.has(attempt.exitCode)));
    if (!stopped && !CANCEL_WORDS.test(reason)) return NO_MATCH;
    return {
      kind: 'match',
      class: 'cancelled',
      evidence: {
        ...(attempt.index === undefined ? {} : { attempt: attempt.index }),
        field: 'job.statusReason',
        pattern: 'not a reason AWS writes (CancelJob/TerminateJob free text)',
        text: reason,
        ...causeFields('operator-cancel'),
      },
    };
  },
};
