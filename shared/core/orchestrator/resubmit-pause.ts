import { findDecision } from '../lineage/find-decision.js';
import { pauseHolding } from '../operate/pause-match.js';
import type { ResubmitOutcome } from './resubmit.js';
import type { ResubmitDeps } from './resubmit-deps.js';
import type { RetryMessage } from './retry-message.js';

/**
 * Longest wait between two looks at a retry a pause holds, in seconds: `batch-retry resume` takes
 * effect within this (plus the resubmit function's pause cache).
 */
export const PAUSE_RECHECK_SECONDS = 300;

/**
 * Holds a due retry while a person's pause covers its queue and class (`batch-retry pause`): the
 * message goes back to the queue for at most {@link PAUSE_RECHECK_SECONDS} (or until the pause ends),
 * untouched in the ledger, and its lineage age limit still applies. Costs nothing while no pause is
 * in force (the pauses are cached per container); one read of the lineage per hop while one is.
 * Undefined when the retry may go ahead.
 */
export async function holdIfPaused(
  message: RetryMessage,
  now: number,
  deps: ResubmitDeps,
): Promise<ResubmitOutcome | undefined> {
  if (deps.pauses === undefined) return undefined;
  const pauses = await deps.pauses.activePauses(now);
  if (pauses.length === 0) return undefined;
  const lineage = await deps.ledger.getLineage(message.rootJobId);
  const decision = lineage === undefined ? undefined : findDecision(lineage, message.failedJobId);
  if (
    lineage?.status !== 'OPEN' ||
    decision?.action !== 'RETRY' ||
    decision.submission?.state === 'SUBMITTED'
  )
    return undefined;
  const retry = {
    jobQueue: decision.request?.jobQueue ?? decision.jobQueue,
    failureClass: decision.failureClass,
  };
  const pause = pauseHolding(pauses, retry, now);
  if (pause === undefined) return undefined;
  const untilEnd = pause.until === undefined ? PAUSE_RECHECK_SECONDS : Math.ceil((pause.until - now) / 1000);
  const delaySeconds = Math.max(1, Math.min(PAUSE_RECHECK_SECONDS, untilEnd));
  await deps.retries.send(message, delaySeconds);
  deps.log.info('retry held by a pause', {
    ...message,
    jobQueue: pause.jobQueue,
    pausedBy: pause.by,
    pausedUntil: pause.until === undefined ? 'resume' : new Date(pause.until).toISOString(),
  });
  return { outcome: 'paused', delaySeconds, pausedBy: pause.by };
}
