import { classifyJob } from '../classify/classify-job.js';
import { parseEvent } from '../events/parse.js';
import type { NormalisedJob } from '../events/types.js';
import { findDecision } from '../lineage/find-decision.js';
import { lineageRefOf } from '../lineage/lineage-ref.js';
import type { Lineage } from '../lineage/types.js';
import type { Clock } from '../ports/clock.js';
import type { DelayQueuePort } from '../ports/delay-queue.js';
import type { FailedJobSummary, JobListingPort } from '../ports/job-listing.js';
import type { LedgerPort } from '../ports/ledger.js';
import type { LogPort } from '../ports/log.js';
import type { SweepCursorPort, SweepPosition } from '../ports/sweep-cursor.js';
import { reconciledEvent } from './reconciled-event.js';

/** The ports the reconcile sweep uses. */
export interface ReconcileDeps {
  readonly batch: JobListingPort;
  readonly ledger: LedgerPort;
  readonly cursor: SweepCursorPort;
  /** The events queue decide reads; reconciled events are sent with no delay. */
  readonly events: DelayQueuePort<Record<string, unknown>>;
  readonly clock: Clock;
  readonly log: LogPort;
}

/** What one sweep looks at, and its bounds. */
export interface SweepOptions {
  /** Queue names or ARNs; `'all'` lists every queue of the account and region first. */
  readonly jobQueues: readonly string[] | 'all';
  /** Most failed jobs checked per sweep; the rest wait for the next one. */
  readonly maxJobs: number;
  /** Most ListJobs pages (100 jobs each) read per queue and sweep. */
  readonly maxPagesPerQueue: number;
  /**
   * Failures younger than this are left for the next sweep, so that an event still on its way
   * (EventBridge, then the events queue) is not re-fed needlessly. Milliseconds.
   */
  readonly settleMs: number;
}

/** What a sweep did; the reconcile function logs it and counts it as metrics. */
export interface SweepReport {
  /** `started`: the first sweep only stored its cursor (failures from before it are not re-fed). */
  readonly outcome: 'started' | 'swept' | 'lost-race';
  readonly from?: SweepPosition;
  readonly to?: SweepPosition;
  /** Failed jobs checked against the ledger. */
  readonly checked: number;
  /** Failures the ledger never saw, sent to the events queue. */
  readonly sent: number;
  /** Failures the ledger never saw that could not be sent (the cursor stops before the first). */
  readonly notSent: number;
  /** Queues whose listing hit `maxPagesPerQueue` (the cursor does not pass what they may hide). */
  readonly truncatedQueues: readonly string[];
}

/** Most job ids DescribeJobs accepts per call. */
const DESCRIBE_CHUNK = 100;

/**
 * One reconcile sweep (architecture.md, "Reconcile"): lists the FAILED jobs of the watched queues
 * that stopped after the cursor, checks each against the ledger, and sends every failure the ledger
 * never saw into the events queue as a real-shaped state-change event, so an event EventBridge lost,
 * or that arrived while the product was down, is still decided. A job was seen when its lineage (its
 * own, or the one its `batch-retry:root-job-id` tag names) holds a decision for it; derived failures
 * (dependencies, array parents) are never decided and are skipped. Sending twice is safe: decide
 * records one decision per failed job (G1).
 *
 * The cursor moves only over jobs that were checked and, when missing, sent; a sweep that ran out of
 * budget (`maxJobs`) stops at the last job it checked, and one whose listing was cut short
 * (`maxPagesPerQueue`) does not move it. Concurrent sweeps cannot both move it (conditional write).
 */
export async function sweepFailures(deps: ReconcileDeps, options: SweepOptions): Promise<SweepReport> {
  const now = deps.clock.now();
  const until: SweepPosition = { at: now - options.settleMs, jobId: '' };
  const cursor = await deps.cursor.read();
  if (cursor === undefined) {
    const stored = await deps.cursor.advance(until, undefined);
    return {
      outcome: stored ? 'started' : 'lost-race',
      to: until,
      checked: 0,
      sent: 0,
      notSent: 0,
      truncatedQueues: [],
    };
  }
  const from = cursor.position;
  const queues = options.jobQueues === 'all' ? await deps.batch.listJobQueues() : options.jobQueues;
  const found = new Map<string, { readonly jobId: string; readonly at: number }>();
  const truncatedQueues: string[] = [];
  for (const queue of queues) {
    const { jobs, complete } = await listFailed(deps.batch, queue, options.maxPagesPerQueue);
    if (!complete) truncatedQueues.push(queue);
    for (const summary of jobs) {
      const position = positionOf(summary);
      if (position !== undefined && after(position, from) && !after(position, until)) {
        found.set(summary.jobId, position);
      }
    }
  }
  const ordered = [...found.values()].sort((a, b) => (after(a, b) ? 1 : -1));
  const batch = ordered.slice(0, options.maxJobs);
  const { checked, sent, notSent, stoppedBefore } = await checkAndSend(deps, batch, now);
  let to: SweepPosition = from;
  if (stoppedBefore !== undefined) {
    const lastGood = batch[stoppedBefore - 1];
    to = lastGood === undefined ? from : lastGood;
  } else if (truncatedQueues.length > 0) {
    to = from;
  } else if (batch.length < ordered.length) {
    to = batch.at(-1) ?? from;
  } else {
    to = until;
  }
  if (truncatedQueues.length > 0) {
    deps.log.warn('reconcile could not list every failed job; the cursor stays until the listing fits', {
      truncatedQueues,
      maxPagesPerQueue: options.maxPagesPerQueue,
    });
  }
  const moved = same(to, from) || (await deps.cursor.advance(to, cursor.version));
  return { outcome: moved ? 'swept' : 'lost-race', from, to, checked, sent, notSent, truncatedQueues };
}

async function listFailed(
  batch: JobListingPort,
  queue: string,
  maxPages: number,
): Promise<{ jobs: FailedJobSummary[]; complete: boolean }> {
  const jobs: FailedJobSummary[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await batch.listFailedJobs(queue, token);
    jobs.push(...result.jobs);
    token = result.nextToken;
    if (token === undefined) return { jobs, complete: true };
  }
  return { jobs, complete: false };
}

/**
 * Checks `batch` (in cursor order) and sends the missing failures. `stoppedBefore` is the index of
 * the first job whose event could not be sent: the cursor must not pass it.
 */
async function checkAndSend(
  deps: ReconcileDeps,
  batch: readonly { readonly jobId: string }[],
  now: number,
): Promise<{ checked: number; sent: number; notSent: number; stoppedBefore?: number }> {
  const lineages = new Map<string, Promise<Lineage | undefined>>();
  const missing: { index: number; event: Record<string, unknown> }[] = [];
  let checked = 0;
  for (let start = 0; start < batch.length; start += DESCRIBE_CHUNK) {
    const chunk = batch.slice(start, start + DESCRIBE_CHUNK);
    const details = await deps.batch.describeJobs(chunk.map((job) => job.jobId));
    const byId = new Map(details.map((detail) => [jobIdOf(detail), detail]));
    for (const [offset, { jobId }] of chunk.entries()) {
      const detail = byId.get(jobId);
      const job = detail === undefined ? undefined : readJob(detail, jobId, deps.log);
      if (job === undefined || classifyJob(job).derived) continue;
      checked += 1;
      const rootJobId = lineageRefOf(job)?.rootJobId ?? job.jobId;
      let lineage = lineages.get(rootJobId);
      if (lineage === undefined) {
        lineage = deps.ledger.getLineage(rootJobId);
        lineages.set(rootJobId, lineage);
      }
      const known = await lineage;
      if (known === undefined || findDecision(known, job.jobId) === undefined) {
        missing.push({ index: start + offset, event: reconciledEvent(job, detail, now) });
        deps.log.info('found a failure the ledger never saw; sending it to the events queue', {
          jobId,
          jobName: job.jobName,
          jobQueue: job.jobQueue,
          rootJobId,
        });
      }
    }
  }
  const results = await deps.events.sendBatch(
    missing.map(({ event }) => ({ message: event, delaySeconds: 0 })),
  );
  const failed = missing.filter((entry, i) => {
    const error = results[i];
    if (error === undefined) return false;
    deps.log.warn('could not send a reconciled failure to the events queue; the next sweep tries again', {
      jobId: batch[entry.index]?.jobId,
      error: error.message,
    });
    return true;
  });
  const first = failed[0];
  return {
    checked,
    sent: missing.length - failed.length,
    notSent: failed.length,
    ...(first === undefined ? {} : { stoppedBefore: first.index }),
  };
}

function readJob(detail: unknown, jobId: string, log: LogPort): NormalisedJob | undefined {
  try {
    return parseEvent(detail, `DescribeJobs ${jobId}`);
  } catch (error) {
    log.warn('reconcile cannot read a failed job; it is skipped', {
      jobId,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

function jobIdOf(detail: unknown): string | undefined {
  const id =
    detail !== null && typeof detail === 'object' ? (detail as { jobId?: unknown }).jobId : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Where a job sits in cursor order: when it stopped (else when it was created), then its id. */
function positionOf(summary: FailedJobSummary): { jobId: string; at: number } | undefined {
  const at = summary.stoppedAt ?? summary.createdAt;
  return at === undefined ? undefined : { jobId: summary.jobId, at };
}

function after(a: SweepPosition, b: SweepPosition): boolean {
  return a.at > b.at || (a.at === b.at && a.jobId > b.jobId);
}

function same(a: SweepPosition, b: SweepPosition): boolean {
  return a.at === b.at && a.jobId === b.jobId;
}
