import { lineageRefOf } from '../lineage/lineage-ref.js';
import type { Lineage } from '../lineage/types.js';
import type { Clock } from '../ports/clock.js';
import type { JobLookupPort } from '../ports/jobs.js';
import type { LedgerPort } from '../ports/ledger.js';
import { latestJobOf } from '../workflow/lineage-news.js';
import { OperatorRefusal } from './operator-refusal.js';

/**
 * After a job without a lineage failed, how long to wait for batch-retry to record its failure
 * before concluding it will not (no policy manages it), in ms.
 */
export const NOT_TAKEN_ON_AFTER_MS = 15 * 60_000;

export interface WaitDeps {
  readonly ledger: Pick<LedgerPort, 'getLineage'>;
  readonly jobs: JobLookupPort;
  readonly clock: Clock;
  /** Resolves after `ms` (or earlier, when the wait is being stopped). */
  sleep(ms: number): Promise<void>;
  /** True once the caller wants the wait to end (Ctrl-C). */
  readonly stopped?: () => boolean;
}

export interface WaitRequest {
  /** Any job id of the lineage. */
  readonly jobId: string;
  /** Give up waiting after this long, in ms. */
  readonly timeoutMs: number;
  /** Between two looks at the ledger, in ms. */
  readonly pollMs: number;
}

/**
 * How the wait ended. `succeeded`: the job succeeded on its first run (no lineage). `not-taken-on`:
 * the job failed and batch-retry recorded nothing for it (no policy manages it).
 */
export type WaitResult =
  | {
      readonly outcome: 'recovered' | 'gave-up' | 'cancelled';
      readonly lineage: Lineage;
      readonly latestJobId: string;
    }
  | { readonly outcome: 'succeeded' | 'not-taken-on'; readonly latestJobId: string }
  | { readonly outcome: 'timed-out' | 'stopped'; readonly lineage?: Lineage; readonly latestJobId: string };

const ENDINGS = { RECOVERED: 'recovered', GAVE_UP: 'gave-up', CANCELLED: 'cancelled' } as const;

/**
 * `batch-retry lineage wait`: looks at the ledger every `pollMs` until the lineage of `jobId` ends
 * (one GetItem per look; one DescribeJobs more while the job has no lineage), or `timeoutMs` passes.
 * Refuses a job neither the ledger nor AWS Batch knows. For scripts and Nextflow-style callers, which
 * wait on the lineage instead of on the job.
 */
export async function waitForLineage(request: WaitRequest, deps: WaitDeps): Promise<WaitResult> {
  const { jobId } = request;
  const deadline = deps.clock.now() + request.timeoutMs;
  let rootJobId = jobId;
  let known = false;
  let lineage: Lineage | undefined;
  for (;;) {
    lineage = await deps.ledger.getLineage(rootJobId);
    if (lineage === undefined) {
      const job = await deps.jobs.describeJob(jobId);
      const tagged = job === undefined ? undefined : lineageRefOf(job)?.rootJobId;
      if (tagged !== undefined && tagged !== rootJobId) {
        rootJobId = tagged;
        lineage = await deps.ledger.getLineage(rootJobId);
      } else if (job === undefined && !known) {
        throw new OperatorRefusal(
          `job ${jobId} is unknown to AWS Batch and to the batch-retry ledger: check the job id`,
        );
      } else if (job?.status === 'SUCCEEDED' && tagged === undefined) {
        return { outcome: 'succeeded', latestJobId: jobId };
      } else if (
        job?.status === 'FAILED' &&
        deps.clock.now() - (job.stoppedAt ?? 0) > NOT_TAKEN_ON_AFTER_MS
      ) {
        return { outcome: 'not-taken-on', latestJobId: jobId };
      }
      known = known || job !== undefined;
    }
    if (lineage !== undefined) {
      known = true;
      if (lineage.status !== 'OPEN') {
        return { outcome: ENDINGS[lineage.status], lineage, latestJobId: latestJobOf(lineage) };
      }
    }
    const left = deadline - deps.clock.now();
    const latestJobId = lineage === undefined ? jobId : latestJobOf(lineage);
    const ended = left <= 0 ? 'timed-out' : deps.stopped?.() === true ? 'stopped' : undefined;
    if (ended !== undefined)
      return { outcome: ended, ...(lineage === undefined ? {} : { lineage }), latestJobId };
    await deps.sleep(Math.min(request.pollMs, left));
  }
}
