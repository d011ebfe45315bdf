import { gaveUpAlert, retryingAlert } from '../alerts/lineage-alerts.js';
import { breakerScope } from '../breaker/breaker-scope.js';
import { breakerPause } from '../decide/breaker-pause.js';
import { HARD_LIMITS } from '../policy/limits.js';
import type { LoadedPolicy } from '../policy/select.js';
import { type DelayedMessage, MAX_QUEUE_DELAY_SECONDS } from '../ports/delay-queue.js';
import { type Announcement, announce } from '../workflow/announce.js';
import { isAwaited } from '../workflow/await-tag.js';
import { closedNews } from '../workflow/lineage-news.js';
import { alertUnder } from './alerting.js';
import type { Parking } from './count-on-breakers.js';
import type { DecideDeps, Decided, EventOutcome } from './outcomes.js';
import type { RetryMessage } from './retry-message.js';

/** The epoch ms after which a retry of the lineage can no longer be submitted (its age limit). */
function notAfter(decided: Decided, policies: readonly LoadedPolicy[]): number {
  const policy = decided.policy ?? policies.find((p) => p.name === decided.lineage.policyName);
  const maxAge = Math.min(
    policy?.policy.budgets.maxLineageAgeSeconds ?? HARD_LIMITS.maxLineageAgeSeconds,
    HARD_LIMITS.maxLineageAgeSeconds,
  );
  return decided.lineage.createdAt + maxAge * 1000;
}

/**
 * Stage 3: carries out each decision. RETRY: one retries-queue message per decision whose child is
 * not known yet (all of them in one SendMessageBatch where the queue allows), parked behind the
 * breaker of the failed job's queue and class when it is open and the retry goes to that queue.
 * EXIT: the GAVE_UP alert when the policy alerts on it (an orphan's failure alerts nobody), then the
 * closing is announced (one lineage event per give-up, all in one publish; the tasks waiting on a
 * `batch-retry:await` job are answered). A redelivered decision is carried out again, so a crash
 * after recording loses nothing (G3); alerts and announcements are therefore at least once (a
 * repeated announcement is marked `republished`). Returns one outcome or error per decision.
 */
export async function actOnDecisions(
  batch: readonly Decided[],
  parking: ReadonlyMap<string, Parking>,
  policies: readonly LoadedPolicy[],
  deps: DecideDeps,
): Promise<readonly (EventOutcome | Error)[]> {
  const now = deps.clock.now();
  const results: (EventOutcome | Error)[] = [];
  const messages: DelayedMessage<RetryMessage>[] = [];
  const waiting: number[] = [];
  for (const decided of batch) {
    const { decision, rootJobId, duplicate } = decided;
    if (decision.orphan === true) {
      results.push({ outcome: 'orphan-failed', rootJobId, decision });
      continue;
    }
    if (decision.action === 'EXIT') {
      results.push(await alerted(decided, policies, deps, now));
      continue;
    }
    const parked = parking.get(
      breakerScope({ jobQueue: decided.job.jobQueue, failureClass: decision.failureClass }),
    );
    const pausedUntil = parked?.until;
    const pause = breakerPause({
      pausedUntil,
      now,
      failedQueue: decided.job.jobQueue,
      retryQueue: decision.request?.jobQueue ?? decided.job.jobQueue,
      failureClass: decision.failureClass,
    });
    const parkedUntil = pause === undefined || pause.waitSeconds === 0 ? undefined : pausedUntil;
    results.push({
      outcome: 'retry-scheduled',
      rootJobId,
      decision,
      duplicate,
      ...(parkedUntil === undefined ? {} : { parkedUntil }),
    });
    if (decision.submission?.state === 'SUBMITTED') continue;
    const dueAt = decision.dueAt ?? now;
    const wake = Math.max(dueAt, parkedUntil ?? 0);
    messages.push({
      message: {
        v: 2,
        rootJobId,
        failedJobId: decision.failedJobId,
        dueAt,
        notAfter: notAfter(decided, policies),
        ...(parkedUntil === undefined || parked === undefined ? {} : { parkedUntil, parkedBy: parked.by }),
      },
      delaySeconds: Math.min(Math.max(0, Math.ceil((wake - now) / 1000)), MAX_QUEUE_DELAY_SECONDS),
    });
    waiting.push(results.length - 1);
  }
  await announceGiveUps(batch, results, deps);
  const sent = messages.length === 0 ? [] : await deps.retries.sendBatch(messages);
  sent.forEach((error, i) => {
    const index = waiting[i];
    if (error !== undefined && index !== undefined) results[index] = error;
  });
  for (const [i, decided] of batch.entries()) {
    const result = results[i];
    if (result instanceof Error || result?.outcome !== 'retry-scheduled' || decided.duplicate) continue;
    if (decided.policy === undefined) continue;
    try {
      await alertUnder(
        decided.policy.policy,
        retryingAlert(decided.job, decided.decision, decided.lineage, now),
        deps.alerts,
      );
    } catch (error) {
      deps.log.warn('could not publish a RETRYING notice; the retry goes ahead', {
        jobId: decided.job.jobId,
        error: String(error),
      });
    }
  }
  return results;
}

/** Announces each lineage this batch gave up on; a failed announcement becomes its record's error. */
async function announceGiveUps(
  batch: readonly Decided[],
  results: (EventOutcome | Error)[],
  deps: DecideDeps,
): Promise<void> {
  const closing: { readonly index: number; readonly announcement: Announcement }[] = [];
  batch.forEach(({ job, lineage, duplicate }, index) => {
    if (results[index] instanceof Error || results[index]?.outcome !== 'gave-up' || lineage.status === 'OPEN')
      return;
    const news = closedNews(lineage, { republished: duplicate, latestJobId: job.jobId });
    closing.push({ index, announcement: { news, answerWaiters: isAwaited(job.tags) } });
  });
  if (closing.length === 0) return;
  const announced = await announce(
    closing.map((c) => c.announcement),
    deps,
  );
  announced.forEach((error, i) => {
    const index = closing[i]?.index;
    if (error !== undefined && index !== undefined) results[index] = error;
  });
}

/** The GAVE_UP alert of an EXIT, when the lineage's policy alerts on it. */
async function alerted(
  decided: Decided,
  policies: readonly LoadedPolicy[],
  deps: DecideDeps,
  now: number,
): Promise<EventOutcome | Error> {
  const { job, decision, lineage, rootJobId, duplicate } = decided;
  const policy = decided.policy ?? policies.find((p) => p.name === lineage.policyName);
  try {
    await alertUnder(policy?.policy, gaveUpAlert(job, decision, lineage, now), deps.alerts);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return { outcome: 'gave-up', rootJobId, decision, duplicate };
}
