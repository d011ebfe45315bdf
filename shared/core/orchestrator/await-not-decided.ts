import type { Classification } from '../classify/classify-job.js';
import type { NormalisedJob } from '../events/types.js';
import { announceOrThrow, answerWaiters } from '../workflow/announce.js';
import { isAwaited } from '../workflow/await-tag.js';
import { ignoredFailureNews } from '../workflow/lineage-news.js';
import type { DecideDeps } from './outcomes.js';

/**
 * A FAILED job tagged `batch-retry:await` whose failure batch-retry does not decide (a failure
 * derived from a failed dependency, or one no policy governs any more) will never have a lineage to
 * end, so the Step Functions tasks waiting on it are told now that it gave up, and why. One Query
 * when nobody waits; nothing at all for an untagged job or a node of a multi-node job (the job's
 * own event speaks for it).
 */
export async function answerNotDecided(
  job: NormalisedJob,
  classification: Classification,
  why: string,
  deps: DecideDeps,
): Promise<void> {
  if (!isAwaited(job.tags) || job.node?.index !== undefined || deps.waiters === undefined) return;
  const waiting = await deps.waiters.store.waitersOf(job.jobId);
  if (waiting.length === 0) return;
  const news = {
    ...ignoredFailureNews({
      jobId: job.jobId,
      jobName: job.jobName,
      why,
      at: job.stoppedAt ?? deps.clock.now(),
    }),
    ...(classification.class === 'none' ? {} : { failureClass: classification.class }),
  };
  await announceOrThrow([{ news, answerWaiters: false }], deps);
  await answerWaiters(news, deps.waiters, deps.log, waiting);
}
