import { describe, expect, it } from 'vitest';
import { NOT_TAKEN_ON_AFTER_MS, type WaitDeps, waitForLineage } from '#core/operate/index.js';
import { handleJobEvent } from '#core/orchestrator/index.js';
import { APP_ROOT, fixtureJob, type OperateWorld, SPOT_ROOT, useOperateWorld } from './operate-world.js';

const world = useOperateWorld();

/** The deps of `lineage wait`: each sleep moves the virtual clock and then runs `during` (once). */
function waitDeps(w: OperateWorld, during?: () => Promise<void>): WaitDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  let pending = during;
  return {
    sleeps,
    ledger: w.ledger,
    jobs: w.jobs,
    clock: w.clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      w.clock.advanceTo(w.clock.now() + ms);
      const step = pending;
      pending = undefined;
      await step?.();
    },
  };
}

describe('lineage wait', () => {
  it("waits, looking every interval, until the child's success closes the lineage, and names the child", async () => {
    const w = world();
    await w.scheduled();
    const deps = waitDeps(w, async () => {
      await w.resubmitDue();
      const child = w.batch.jobs[0];
      const success = fixtureJob('succeeded', (detail) => {
        detail.jobId = child?.jobId;
        detail.tags = { ...child?.request.tags };
      });
      await handleJobEvent(success, w.decideDeps);
    });

    const result = await waitForLineage({ jobId: SPOT_ROOT, timeoutMs: 3_600_000, pollMs: 30_000 }, deps);

    expect(result).toMatchObject({ outcome: 'recovered', latestJobId: 'child-1' });
    expect(deps.sleeps).toEqual([30_000]);
  });

  it('finds the lineage from a child id, through its tags', async () => {
    const w = world();
    await w.scheduled();
    await w.resubmitDue();
    const child = w.batch.jobs[0];
    w.batchKnows(
      fixtureJob('runnable-after-failed-attempt', (detail) => {
        detail.jobId = 'child-1';
        detail.tags = { ...child?.request.tags };
      }),
    );
    await w.ledger.closeLineage({ rootJobId: SPOT_ROOT, status: 'GAVE_UP', at: w.clock.now() });

    const result = await waitForLineage({ jobId: 'child-1', timeoutMs: 60_000, pollMs: 10_000 }, waitDeps(w));

    expect(result).toMatchObject({ outcome: 'gave-up', lineage: { rootJobId: SPOT_ROOT } });
  });

  it('times out while the lineage is still open, naming the latest job', async () => {
    const w = world();
    await w.scheduled();
    const deps = waitDeps(w);

    const result = await waitForLineage({ jobId: SPOT_ROOT, timeoutMs: 70_000, pollMs: 30_000 }, deps);

    expect(result).toMatchObject({ outcome: 'timed-out', latestJobId: SPOT_ROOT });
    expect(deps.sleeps).toEqual([30_000, 30_000, 10_000]);
  });

  it('answers for a job batch-retry never saw: succeeded on its first run, or failed and not taken on', async () => {
    const w = world();
    const succeeded = fixtureJob('succeeded');
    const failed = fixtureJob('application-exit-1');
    w.batchKnows(succeeded);
    w.batchKnows(failed);
    w.clock.advanceTo(Math.max(w.clock.now(), (failed.stoppedAt ?? 0) + NOT_TAKEN_ON_AFTER_MS + 1));

    const first = await waitForLineage({ jobId: succeeded.jobId, timeoutMs: 1, pollMs: 1 }, waitDeps(w));
    const never = await waitForLineage({ jobId: APP_ROOT, timeoutMs: 1, pollMs: 1 }, waitDeps(w));

    expect(first.outcome).toBe('succeeded');
    expect(never.outcome).toBe('not-taken-on');
  });

  it('refuses a job neither Batch nor the ledger knows', async () => {
    const w = world();

    await expect(waitForLineage({ jobId: 'nope', timeoutMs: 1, pollMs: 1 }, waitDeps(w))).rejects.toThrow(
      'job nope is unknown to AWS Batch and to the batch-retry ledger',
    );
  });
});

describe('lineage list', () => {
  it('lists the lineages opened since a time, newest first, filtered by status, queue and class, a page at a time', async () => {
    const w = world();
    await w.gaveUp();
    w.clock.advanceSeconds(60);
    await w.scheduled();
    const now = w.clock.now();
    const list = (query: Partial<Parameters<typeof w.operator.listLineages>[0]> = {}) =>
      w.operator.listLineages({ since: now - 7 * 86_400_000, now, limit: 10, ...query });

    const all = await list();
    const open = await list({ status: 'OPEN' });
    const application = await list({ failureClass: 'application' });
    const otherQueue = await list({ jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/gpu-queue' });
    const first = await list({ limit: 1 });
    const second = await list({ limit: 1, ...(first.cursor === undefined ? {} : { cursor: first.cursor }) });

    const ids = (page: typeof all) => page.lineages.map((l) => l.rootJobId);
    expect(ids(all)).toEqual(
      [SPOT_ROOT, APP_ROOT].sort((a, b) => (a === SPOT_ROOT ? -1 : b === SPOT_ROOT ? 1 : 0)),
    );
    expect(all.lineages[1]).toMatchObject({
      status: 'GAVE_UP',
      rootJobName: expect.any(String),
      totalAttempts: 1,
    });
    expect(ids(open)).toEqual([SPOT_ROOT]);
    expect(ids(application)).toEqual([APP_ROOT]);
    expect(ids(otherQueue)).toEqual([]);
    expect(ids(first)).toHaveLength(1);
    expect(first.cursor).toBeDefined();
    expect([...ids(first), ...ids(second)]).toEqual([SPOT_ROOT, APP_ROOT]);
    // A full page always ends in a cursor; the page after the last lineage is empty.
    const third = await list({ limit: 1, ...(second.cursor === undefined ? {} : { cursor: second.cursor }) });
    expect(ids(third)).toEqual([]);
  });

  it('leaves out lineages opened before --since', async () => {
    const w = world();
    await w.gaveUp();

    const page = await w.operator.listLineages({
      since: w.clock.now() + 1,
      now: w.clock.now() + 1,
      limit: 10,
    });

    expect(page.lineages).toEqual([]);
  });
});
