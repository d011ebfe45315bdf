import { describe, expect, it } from 'vitest';
import { cancelRetry, carryOutCancel, OperatorRefusal, planCancel } from '#core/operate/index.js';
import { ALICE, APP_ROOT, BOB, SPOT_ROOT, useOperateWorld } from './operate-world.js';

const world = useOperateWorld();

describe('cancel-retry: a scheduled retry is not submitted', () => {
  it('closes the lineage as CANCELLED with who and why, tells waiting workflows, and the retry is never submitted', async () => {
    const w = world();
    await w.waiters.register({
      rootJobId: SPOT_ROOT,
      jobId: SPOT_ROOT,
      taskToken: 'token-1',
      registeredAt: 0,
    });
    await w.scheduled();

    const cancelledAt = w.clock.now();
    const done = await cancelRetry(
      { jobId: SPOT_ROOT, by: ALICE, reason: 'bad input file' },
      w.operatorDeps(),
    );
    const outcomes = await w.resubmitDue();

    const lineage = await w.lineage(SPOT_ROOT);
    expect(done?.lineage.status).toBe('CANCELLED');
    expect(lineage.status).toBe('CANCELLED');
    expect(lineage.closedAt).toBe(cancelledAt);
    expect(lineage.operatorActions).toEqual([
      expect.objectContaining({
        action: 'CANCEL',
        by: ALICE,
        reason: 'bad input file',
        failedJobId: SPOT_ROOT,
      }),
    ]);
    expect(outcomes).toEqual([
      { outcome: 'nothing-to-do', reason: `lineage ${SPOT_ROOT} is closed as CANCELLED` },
    ]);
    expect(w.batch.submitted).toEqual([]);
    expect(w.events.events.at(-1)).toMatchObject({
      status: 'CANCELLED',
      by: ALICE,
      reason: 'bad input file',
    });
    expect(w.tasks.answers[0]?.answer).toMatchObject({ kind: 'failure', error: 'BatchRetry.Cancelled' });
  });

  it('lets exactly one of two people who cancel at once win, and tells the other who did', async () => {
    const w = world();
    await w.scheduled();
    const deps = w.operatorDeps();
    const alice = { jobId: SPOT_ROOT, by: ALICE, reason: 'alice stops it' };
    const bob = { jobId: SPOT_ROOT, by: BOB, reason: 'bob stops it' };
    const [alicePlan, bobPlan] = await Promise.all([planCancel(alice, deps), planCancel(bob, deps)]);

    await carryOutCancel(bobPlan, bob, deps);
    const lost = carryOutCancel(alicePlan, alice, deps);

    await expect(lost).rejects.toBeInstanceOf(OperatorRefusal);
    await expect(lost).rejects.toThrow(`${BOB} cancelled the retry of lineage ${SPOT_ROOT}`);
    await expect(lost).rejects.toThrow('(bob stops it) while you were deciding; nothing was changed');
    expect((await w.lineage(SPOT_ROOT)).operatorActions?.map((a) => a.by)).toEqual([BOB]);
  });

  it('refuses a lineage already closed, saying who cancelled it', async () => {
    const w = world();
    await w.scheduled();
    await cancelRetry({ jobId: SPOT_ROOT, by: BOB, reason: 'first' }, w.operatorDeps());

    const again = cancelRetry({ jobId: SPOT_ROOT, by: ALICE, reason: 'second' }, w.operatorDeps());

    await expect(again).rejects.toThrow(
      new RegExp(
        `^lineage ${SPOT_ROOT} is already closed as CANCELLED by ${BOB.replaceAll('/', '\\/')} at .* \\(first\\): nothing to cancel$`,
      ),
    );
  });

  it('refuses a lineage that gave up, and points at terminate-job when the retry already runs', async () => {
    const w = world();
    await w.gaveUp();
    await w.childRunning();

    await expect(cancelRetry({ jobId: APP_ROOT, by: ALICE, reason: '' }, w.operatorDeps())).rejects.toThrow(
      /already closed as GAVE_UP: nothing to cancel/,
    );
    await expect(cancelRetry({ jobId: SPOT_ROOT, by: ALICE, reason: '' }, w.operatorDeps())).rejects.toThrow(
      /already runs as job child-1: to stop it, `aws batch terminate-job --job-id child-1/,
    );
  });
});
