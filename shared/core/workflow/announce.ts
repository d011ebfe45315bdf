import type { LineageEventPort } from '../ports/lineage-events.js';
import type { LogPort } from '../ports/log.js';
import type { TaskTokenPort, Waiter, WaiterStore } from '../ports/waiters.js';
import type { LineageNews } from './lineage-news.js';
import { taskAnswerOf } from './task-answer.js';

/** The Step Functions side: where waiting tasks are kept, and how they are answered. */
export interface WaiterDeps {
  readonly store: WaiterStore;
  readonly tasks: TaskTokenPort;
}

/** What announcing needs; without `events` no event is published, without `waiters` no task answered. */
export interface AnnounceDeps {
  readonly events?: LineageEventPort;
  readonly waiters?: WaiterDeps;
  readonly log: LogPort;
}

/** One change to tell the outside world about. */
export interface Announcement {
  readonly news: LineageNews;
  /**
   * Look for Step Functions tasks waiting on the lineage and answer them (final news only). Set when
   * the job carries the `batch-retry:await` tag, so lineages nobody waits on cost no request.
   */
  readonly answerWaiters: boolean;
}

/**
 * Tells the outside world what the ledger has just recorded: publishes every announcement's event
 * (in one call, which the adapter splits as the bus requires), then answers the tasks waiting on
 * each lineage that ended. Call it only after the ledger write; a caller whose announcement failed
 * fails its record, so that redelivery announces again (`republished`), never losing one.
 *
 * Never rejects: resolves to one entry per announcement, undefined when done, else the error.
 */
export async function announce(
  announcements: readonly Announcement[],
  deps: AnnounceDeps,
): Promise<readonly (Error | undefined)[]> {
  const results: (Error | undefined)[] = announcements.map(() => undefined);
  const events = deps.events;
  if (events !== undefined && announcements.length > 0) {
    const published = await events.publish(announcements.map((a) => a.news));
    published.forEach((error, i) => {
      results[i] = error;
    });
  }
  for (const [i, { news, answerWaiters: answer }] of announcements.entries()) {
    if (!answer || news.status === 'OPEN' || results[i] !== undefined || deps.waiters === undefined) continue;
    try {
      await answerWaiters(news, deps.waiters, deps.log);
    } catch (error) {
      results[i] = error instanceof Error ? error : new Error(String(error));
    }
  }
  return results;
}

/**
 * Answers every task waiting on the lineage `news` ends, and forgets each answered or refused one
 * (a token that expired or whose task ended is logged and dropped, never retried). Returns how many
 * tasks were answered. `known`: the waiters, when the caller has just read them. Rejects on a
 * failure worth retrying (throttling, network).
 */
export async function answerWaiters(
  news: LineageNews,
  waiters: WaiterDeps,
  log: LogPort,
  known?: readonly Waiter[],
): Promise<number> {
  const waiting = known ?? (await waiters.store.waitersOf(news.rootJobId));
  const answer = taskAnswerOf(news);
  let sent = 0;
  for (const waiter of waiting) {
    const outcome = await waiters.tasks.answer(waiter.taskToken, answer);
    if (outcome === 'refused') {
      log.warn('a waiting Step Functions task refused its answer (token expired or task ended); dropped', {
        rootJobId: news.rootJobId,
        jobId: waiter.jobId,
        status: news.status,
      });
    } else {
      sent += 1;
      log.info('answered a waiting Step Functions task', {
        rootJobId: news.rootJobId,
        jobId: waiter.jobId,
        status: news.status,
        latestJobId: news.latestJobId,
      });
    }
    await waiters.store.remove(waiter);
  }
  return sent;
}

/** {@link announce}, rejecting with the first error (for callers with one record at stake). */
export async function announceOrThrow(
  announcements: readonly Announcement[],
  deps: AnnounceDeps,
): Promise<void> {
  const error = (await announce(announcements, deps)).find((r) => r !== undefined);
  if (error !== undefined) throw error;
}
