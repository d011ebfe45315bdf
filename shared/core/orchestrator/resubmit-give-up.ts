import { duplicateChildAlert, type NotResubmitted, notResubmittedAlert } from '../alerts/lineage-alerts.js';
import { findDecision } from '../lineage/find-decision.js';
import type { DecisionRecord, Lineage } from '../lineage/types.js';
import { announceOrThrow } from '../workflow/announce.js';
import { isAwaited } from '../workflow/await-tag.js';
import { closedNews } from '../workflow/lineage-news.js';
import type { ResubmitOutcome } from './resubmit.js';
import type { ResubmitDeps } from './resubmit-deps.js';
import type { RetryMessage } from './retry-message.js';

/** Records a duplicate child on the lineage (it counts against the limits when it fails) and alerts. */
export async function recordDuplicate(
  message: RetryMessage,
  decision: DecisionRecord,
  lineage: Lineage,
  duplicateJobId: string,
  at: number,
  deps: ResubmitDeps,
): Promise<void> {
  const fresh = await deps.ledger.recordOrphan({
    rootJobId: message.rootJobId,
    parentJobId: message.failedJobId,
    jobId: duplicateJobId,
    at,
  });
  deps.log.error('a failed job was resubmitted twice; the duplicate is recorded', {
    ...message,
    duplicateJobId,
  });
  if (fresh) await deps.alerts.publish(duplicateChildAlert({ decision, lineage, duplicateJobId, at }));
}

/** A retry that came due after its lineage's age limit (a long pause of the resubmit function or a breaker). */
export async function pastAgeLimit(
  message: RetryMessage,
  now: number,
  deps: ResubmitDeps,
  known?: Lineage,
): Promise<ResubmitOutcome> {
  const lineage = known ?? (await deps.ledger.getLineage(message.rootJobId));
  const decision = lineage === undefined ? undefined : findDecision(lineage, message.failedJobId);
  if (lineage === undefined || decision === undefined || lineage.status !== 'OPEN') {
    // A redelivery after this give-up's announcement failed: announce it again, or a waiting task hangs.
    if (lineage !== undefined) await announceAgain(message, deps, lineage);
    return { outcome: 'nothing-to-do', reason: `lineage ${message.rootJobId} is not open` };
  }
  const ageDays = Math.floor((now - lineage.createdAt) / 86_400_000);
  return giveUp(message, decision, lineage, deps, now, {
    headline: 'the lineage is past its age limit',
    why: `when the retry came due the lineage was ${ageDays} days old, past its age limit (were retries paused, or held by a breaker?).`,
    next: 'check why the job keeps failing, then submit it again by hand; that starts a new lineage.',
  });
}

/**
 * Ends a lineage whose decided retry will not be carried out. The alert goes first: a crash in between
 * repeats it on redelivery rather than losing it. The closing is announced after the write (lineage
 * event; the tasks waiting on a `batch-retry:await` job are told), and again by
 * {@link announceAgain} when a crash came in between.
 */
export async function giveUp(
  message: RetryMessage,
  decision: DecisionRecord,
  lineage: Lineage,
  deps: ResubmitDeps,
  now: number,
  reason: NotResubmitted,
): Promise<ResubmitOutcome> {
  await deps.alerts.publish(notResubmittedAlert(decision, lineage, reason, now));
  const closed = await deps.ledger.closeLineage({ rootJobId: message.rootJobId, status: 'GAVE_UP', at: now });
  deps.log.warn(`gave up on a decided retry: ${reason.headline}`, { ...message, why: reason.why });
  if (closed.outcome === 'closed') {
    const news = closedNews(closed.lineage, {
      republished: false,
      latestJobId: decision.failedJobId,
      reason: reason.why,
    });
    await announceOrThrow([{ news, answerWaiters: isAwaited(decision.request?.tags) }], deps);
  }
  return { outcome: 'gave-up', reason: reason.why };
}

/**
 * A retry message for a lineage that is closed. When it was this retry that gave up (Batch refused
 * it, or it came due too late) and a crash may have come between closing and announcing, the closing
 * is announced again (`republished`; consumers drop the copy by its `eventId`). Reads the lineage
 * unless `known`, and only when events or waiting tasks are wired.
 */
export async function announceAgain(
  message: RetryMessage,
  deps: ResubmitDeps,
  known?: Lineage,
): Promise<void> {
  if (deps.events === undefined && deps.waiters === undefined) return;
  const lineage = known ?? (await deps.ledger.getLineage(message.rootJobId));
  const last = lineage?.decisions.at(-1);
  if (lineage?.status !== 'GAVE_UP' || last === undefined) return;
  const decision = findDecision(lineage, message.failedJobId);
  if (last !== decision || decision.action !== 'RETRY' || decision.submission?.state === 'SUBMITTED') return;
  const news = closedNews(lineage, {
    republished: true,
    latestJobId: decision.failedJobId,
    reason: `the retry of job ${decision.failedJobId} was not submitted (see the GAVE_UP alert)`,
  });
  await announceOrThrow([{ news, answerWaiters: isAwaited(decision.request?.tags) }], deps);
}
