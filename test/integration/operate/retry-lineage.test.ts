import { describe, expect, it } from 'vitest';
import { carryOutRetry, OperatorRefusal, planRetry, retryLineage } from '#core/operate/index.js';
import { handleJobEvent } from '#core/orchestrator/index.js';
import { ALICE, APP_ROOT, BOB, SPOT_ROOT, useOperateWorld } from './operate-world.js';

const world = useOperateWorld();

describe('retry: one more attempt, as a person decided', () => {
  it('reopens a lineage that gave up, records who and why, and the resubmit function submits the rebuilt job', async () => {
    const w = world();
    await w.gaveUp();
    w.retries.drain();

    const done = await retryLineage(
      { jobId: APP_ROOT, now: false, by: ALICE, reason: 'fixed the input' },
      w.operatorDeps(),
    );
    const [outcome] = await w.resubmitDue();

    const lineage = await w.lineage(APP_ROOT);
    const decision = lineage.decisions[0];
    expect(done?.message).toMatchObject({
      v: 2,
      rootJobId: APP_ROOT,
      failedJobId: APP_ROOT,
      dueAt: w.clock.now(),
    });
    expect(lineage.status).toBe('OPEN');
    expect(lineage.closedAt).toBeUndefined();
    expect(decision).toMatchObject({
      action: 'RETRY',
      decidedBy: ALICE,
      reason: 'fixed the input',
      childAttempt: 2,
      replaced: { action: 'EXIT' },
    });
    expect(lineage.operatorActions).toEqual([
      expect.objectContaining({
        action: 'RETRY',
        by: ALICE,
        reason: 'fixed the input',
        failedJobId: APP_ROOT,
      }),
    ]);
    expect(outcome).toEqual({ outcome: 'submitted', childJobId: 'child-1' });
    expect(w.batch.submitted[0]?.tags).toMatchObject({
      'batch-retry:root-job-id': APP_ROOT,
      'batch-retry:parent-job-id': APP_ROOT,
      'batch-retry:attempt': '2',
    });
  });

  it("counts the person's attempt: when the child fails, the policy decides again and gives up", async () => {
    const w = world();
    await w.gaveUp();
    await retryLineage({ jobId: APP_ROOT, now: false, by: ALICE, reason: 'once more' }, w.operatorDeps());
    await w.resubmitDue();
    const child = w.batch.jobs[0];
    if (child === undefined) throw new Error('no child');

    const { fixtureJob } = await import('./operate-world.js');
    const failed = fixtureJob('application-exit-1', (detail) => {
      detail.jobId = child.jobId;
      detail.tags = { ...child.request.tags };
    });
    const outcome = await handleJobEvent(failed, w.decideDeps);

    expect(outcome.outcome).toBe('gave-up');
    expect((await w.lineage(APP_ROOT)).totalAttempts).toBe(2);
  });

  it('brings a scheduled retry forward with --now, leaving the decision as the policy made it', async () => {
    const w = world();
    await w.scheduled();
    const [scheduled] = w.retries.drain();

    const done = await retryLineage(
      { jobId: SPOT_ROOT, now: true, by: BOB, reason: 'the night window closes' },
      w.operatorDeps(),
    );

    const decision = (await w.lineage(SPOT_ROOT)).decisions[0];
    expect(decision?.dueAt).toBe(w.clock.now());
    expect(decision?.decidedBy).toBeUndefined();
    expect(done?.message.dueAt).toBeLessThan(scheduled?.message.dueAt ?? 0);
  });

  it('lets exactly one of two people who retry at once win, and tells the other who did', async () => {
    const w = world();
    await w.gaveUp();
    const deps = w.operatorDeps();
    const alice = { jobId: APP_ROOT, now: false, by: ALICE, reason: 'alice: registry back' };
    const bob = { jobId: APP_ROOT, now: false, by: BOB, reason: 'bob: try again' };
    const [alicePlan, bobPlan] = await Promise.all([planRetry(alice, deps), planRetry(bob, deps)]);

    const results = await Promise.allSettled([
      carryOutRetry(alicePlan, alice, deps),
      carryOutRetry(bobPlan, bob, deps),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(OperatorRefusal);
    expect((lost.reason as Error).message).toMatch(
      /^arn:aws:sts::123456789012:assumed-role\/oncall\/(alice|bob) asked for a retry of lineage/,
    );
    expect((await w.lineage(APP_ROOT)).operatorActions).toHaveLength(1);
    expect(w.retries.drain()).toHaveLength(1);
  });

  it('lets exactly one of two people who bring the same retry forward win', async () => {
    const w = world();
    await w.scheduled();
    w.retries.drain();
    const deps = w.operatorDeps();
    const alice = { jobId: SPOT_ROOT, now: true, by: ALICE, reason: 'now' };
    const bob = { jobId: SPOT_ROOT, now: true, by: BOB, reason: 'now too' };
    const [alicePlan, bobPlan] = await Promise.all([planRetry(alice, deps), planRetry(bob, deps)]);

    await carryOutRetry(alicePlan, alice, deps);
    const lost = carryOutRetry(bobPlan, bob, deps);

    await expect(lost).rejects.toThrow(`${ALICE} asked for a retry of lineage ${SPOT_ROOT}`);
    expect((await w.lineage(SPOT_ROOT)).operatorActions?.map((a) => a.by)).toEqual([ALICE]);
    expect(w.retries.drain()).toHaveLength(1);
  });

  it.each([
    ['a job the ledger does not know', 'no-such-job', /is not in the ledger/],
    [
      'a lineage with a retry already scheduled, without --now',
      SPOT_ROOT,
      /already has a retry .* scheduled at .*: add --now/,
    ],
  ])('refuses %s, changing nothing', async (_what, jobId, message) => {
    const w = world();
    await w.scheduled();
    const before = await w.lineage(SPOT_ROOT);

    await expect(
      retryLineage({ jobId, now: false, by: ALICE, reason: '' }, w.operatorDeps()),
    ).rejects.toThrow(message);
    expect(await w.lineage(SPOT_ROOT)).toEqual(before);
  });

  it('refuses a lineage that recovered, and one whose retry already runs', async () => {
    const w = world();
    await w.childRunning();

    const running = retryLineage({ jobId: SPOT_ROOT, now: true, by: ALICE, reason: '' }, w.operatorDeps());
    await expect(running).rejects.toThrow(/is running its retry as job child-1: wait for it/);
    await w.ledger.closeLineage({ rootJobId: SPOT_ROOT, status: 'RECOVERED', at: w.clock.now() });
    const recovered = retryLineage({ jobId: SPOT_ROOT, now: true, by: ALICE, reason: '' }, w.operatorDeps());
    await expect(recovered).rejects.toThrow(/recovered \(job child-1 succeeded\): nothing to retry/);
  });

  it('refuses past the hard limit of 14 days, and a job Batch no longer keeps', async () => {
    const w = world();
    const job = await w.gaveUp();

    w.batchKnows({ ...job, jobId: 'someone-else' });
    const forgotten = planRetry(
      { jobId: APP_ROOT, now: false, by: ALICE, reason: '' },
      {
        ...w.operatorDeps(),
        jobs: { describeJob: async () => undefined },
      },
    );
    await expect(forgotten).rejects.toThrow(/AWS Batch no longer keeps job .*: submit it yourself/);
    w.clock.advanceSeconds(15 * 86_400);
    await expect(
      planRetry({ jobId: APP_ROOT, now: false, by: ALICE, reason: '' }, w.operatorDeps()),
    ).rejects.toThrow(/past the hard limit of 14 days/);
  });

  it('asks first, and changes nothing when the answer is no', async () => {
    const w = world();
    await w.gaveUp();
    const before = await w.lineage(APP_ROOT);

    const done = await retryLineage(
      { jobId: APP_ROOT, now: false, by: ALICE, reason: '' },
      w.operatorDeps(),
      async () => false,
    );

    expect(done).toBeUndefined();
    expect(await w.lineage(APP_ROOT)).toEqual(before);
  });
});
