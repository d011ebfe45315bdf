import { describe, expect, it } from 'vitest';
import { createDynamoDbSweepCursor } from '#adapters/aws/dynamodb/sweep-cursor.js';
import type { DelayQueuePort } from '#core/ports/delay-queue.js';
import type { JobListingPort } from '#core/ports/job-listing.js';
import { silentLog } from '#core/ports/log.js';
import type { SweepCursorPort } from '#core/ports/sweep-cursor.js';
import { type ReconcileDeps, type SweepOptions, sweepFailures } from '#core/reconcile/index.js';
import { useDynalite } from '../helpers/dynalite.js';
import { eventFor } from '../integration/guarantees/events.js';
import { Harness, InjectedCrash } from '../integration/guarantees/harness.js';
import { crashPointsOf, crashPolicies } from './crash-setup.js';
import { report, TIMEOUT_MS, totalLost } from './scale.js';

const ROOT = 'root-0000-reconcile';
const QUEUE = 'spot-queue';
const MINUTE = 60_000;
const OPTIONS: SweepOptions = {
  jobQueues: [QUEUE],
  maxJobs: 500,
  maxPagesPerQueue: 50,
  settleMs: 5 * MINUTE,
};

const db = useDynalite('crash-sweep');

/** One run: the orchestrator's harness, the lost failure, and the sweep's ports on the same crash counter. */
interface World {
  readonly h: Harness;
  readonly cursor: SweepCursorPort;
  /** When the root job failed (its `stoppedAt`). */
  readonly failedAt: number;
  readonly deps: ReconcileDeps;
  /** Step boundaries inside the sweeps (the rest are decide's and resubmit's). */
  sweepCalls: number;
}

/**
 * A Spot reclaim of the root whose event EventBridge never delivered, and a cursor a sweep stored an
 * hour before it. AWS Batch lists the root as FAILED and describes it with the detail of that event.
 */
async function world(): Promise<World> {
  const tableName = await db.freshTable();
  const h = new Harness(db.endpoint, tableName, crashPolicies());
  const failedAt = h.now;
  const detail = eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: failedAt }).detail;
  const cursor = createDynamoDbSweepCursor({ client: db.client, tableName });
  await cursor.advance({ at: failedAt - 60 * MINUTE, jobId: '' }, undefined);
  const listing: JobListingPort = {
    listJobQueues: async () => [QUEUE],
    listFailedJobs: async () => ({
      jobs: [{ jobId: ROOT, createdAt: failedAt - 2 * MINUTE, stoppedAt: failedAt }],
    }),
    describeJobs: async (ids) => (ids.includes(ROOT) ? [structuredClone(detail)] : []),
  };
  // The events queue decide reads: what the sweep sends is delivered by the harness like any event.
  const events: DelayQueuePort<Record<string, unknown>> = {
    send: async (message) => h.deliverEvent(message),
    sendBatch: async (messages) =>
      messages.map(({ message }) => {
        h.deliverEvent(message);
        return undefined;
      }),
  };
  const deps: ReconcileDeps = {
    batch: h.instrument('batch', listing),
    ledger: h.instrument('ledger', h.ledger),
    cursor: h.instrument('cursor', cursor),
    events: h.instrument('events', events),
    clock: { now: () => h.now },
    log: silentLog,
  };
  return { h, cursor, failedAt, deps, sweepCalls: 0 };
}

/**
 * Two scheduled sweeps ten minutes apart (the second is the one that runs after a crashed first),
 * each followed by decide and resubmit taking what is queued; then the child succeeds. Returns how
 * many invocations failed.
 */
async function run(w: World): Promise<number> {
  const { h, deps } = w;
  let failed = 0;
  for (let sweep = 0; sweep < 2; sweep++) {
    h.now += 10 * MINUTE;
    const before = h.calls.length;
    try {
      await h.invoke(() => sweepFailures(deps, OPTIONS));
    } catch (error) {
      if (!(error instanceof InjectedCrash)) throw error;
      failed += 1;
    }
    w.sweepCalls += h.calls.length - before;
    failed += await h.drain();
  }
  h.reportChildren('succeeded');
  return failed + (await h.drain());
}

/** What a run ended with. */
async function outcome({ h, cursor, failedAt }: World) {
  const lineage = await h.ledger.getLineage(ROOT);
  const position = (await cursor.read())?.position;
  return {
    status: lineage?.status,
    decisions: lineage?.decisions.filter((d) => d.failedJobId === ROOT).length ?? 0,
    submitted: h.batch.jobs.length,
    cursorPast:
      position !== undefined &&
      (position.at > failedAt || (position.at === failedAt && position.jobId >= ROOT)),
    alertKinds: [...new Set(h.alerts.alerts.map((a) => a.kind))].sort(),
  };
}

describe('a crash at every step boundary of the reconcile sweep', () => {
  it(
    'a failure EventBridge lost, re-fed by the sweep: decided once, resubmitted once, the cursor past it, no alert lost',
    async () => {
      const golden = await world();
      await run(golden);
      const expected = await outcome(golden);
      // The crash-free run is the claim itself: the lost failure was found, decided once and recovered.
      expect(expected).toMatchObject({ status: 'RECOVERED', decisions: 1, submitted: 1, cursorPast: true });
      expect(golden.h.calls.filter((c) => c.startsWith('events.'))).toHaveLength(2);

      const points = crashPointsOf(golden.h.calls);
      const lost = {
        'failures decided otherwise than once': 0,
        'lineages ended otherwise': 0,
        'jobs submitted twice or never': 0,
        'cursors left before the failure': 0,
        'alerts missing': 0,
      };
      let failed = 0;
      for (const point of points) {
        const w = await world();
        w.h.injectCrash(point);
        failed += await run(w);
        const got = await outcome(w);
        if (got.decisions !== 1) lost['failures decided otherwise than once'] += 1;
        if (got.status !== expected.status) lost['lineages ended otherwise'] += 1;
        if (got.submitted !== expected.submitted) lost['jobs submitted twice or never'] += 1;
        if (!got.cursorPast) lost['cursors left before the failure'] += 1;
        if (expected.alertKinds.some((kind) => !got.alertKinds.includes(kind))) lost['alerts missing'] += 1;
      }
      const result = {
        key: 'crashes.reconcile-lost-event',
        check: 'crashes, a failure EventBridge lost, re-fed by the reconcile sweep, then retried once',
        tried: {
          'step boundaries': golden.h.calls.length,
          'crashed runs': points.length,
          'of them in the two sweeps': golden.sweepCalls,
        },
        lost,
      };
      report(result);
      expect(failed, 'every crash fails its invocation').toBeGreaterThanOrEqual(points.length);
      expect(totalLost(result)).toBe(0);
    },
    TIMEOUT_MS,
  );
});
