import { describe, expect, it } from 'vitest';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import { CLAIM_LEASE_MS, handleRetryMessage } from '#core/orchestrator/resubmit.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { NOW } from '../decide/decide-fixtures.js';
import { orchestratorWorld } from './orchestrator-world.js';

const ROOT = '319558c3-a3f9-4017-b57d-c82ed28380ee';
const DUE_AT = NOW + 1_200_000;

/**
 * Worker A claims the retry and calls SubmitJob, which hangs past the claim lease (as it could
 * without request timeouts). Meanwhile worker B finds the lease expired, finds no child, takes the
 * claim over and submits child-1. Then A's call lands: child-2, a duplicate.
 */
async function claimLostMidSubmit(options: { readonly crashBeforeRecording?: boolean } = {}) {
  const w = orchestratorWorld();
  await handleJobEvent(jobFromFixture('application-exit-1'), w.decideDeps);
  const [sent] = w.retries.drain();
  if (sent === undefined) throw new Error('no retry message');
  w.clock.advanceTo(DUE_AT);
  let workerB: Promise<unknown> | undefined;
  w.batch.inFlight = async () => {
    w.clock.advanceTo(DUE_AT + CLAIM_LEASE_MS + 1000);
    workerB = handleRetryMessage(sent.message, w.resubmitDeps);
    await workerB;
  };
  const ledger =
    options.crashBeforeRecording === true
      ? {
          ...w.ledger,
          claimSubmission: w.ledger.claimSubmission.bind(w.ledger),
          recordSubmission: w.ledger.recordSubmission.bind(w.ledger),
          getLineage: w.ledger.getLineage.bind(w.ledger),
          recordDecision: w.ledger.recordDecision.bind(w.ledger),
          closeLineage: w.ledger.closeLineage.bind(w.ledger),
          takeOverClaim: w.ledger.takeOverClaim.bind(w.ledger),
          releaseClaim: w.ledger.releaseClaim.bind(w.ledger),
          recordOrphan: async () => {
            throw new Error('worker A crashed');
          },
        }
      : w.ledger;
  const workerA = await handleRetryMessage(sent.message, { ...w.resubmitDeps, ledger }).catch(
    (error: unknown) => error,
  );
  return { w, workerA, workerB: await workerB };
}

describe('a claim lost while SubmitJob was in flight', () => {
  it('records the late child as a duplicate and alerts, naming it and the job to cancel', async () => {
    const { w, workerA, workerB } = await claimLostMidSubmit();

    expect(workerB).toEqual({ outcome: 'submitted', childJobId: 'child-1' });
    expect(workerA).toEqual({ outcome: 'duplicate-child', childJobId: 'child-2' });
    expect((await w.lineage(ROOT)).decisions[0]?.orphans).toEqual(['child-2']);
    expect(w.alerts.alerts.map((a) => [a.kind, a.jobId])).toEqual([['DUPLICATE_CHILD', 'child-2']]);
    expect(w.alerts.alerts[0]?.summary).toContain('aws batch terminate-job --job-id child-2');
  });

  it("counts the duplicate's failure against the lineage's budget, never retries it, and keeps the lineage open for the real child", async () => {
    const { w } = await claimLostMidSubmit();

    const orphanFails = await handleJobEvent(w.childEvent('child-2', 'application-exit-1'), w.decideDeps);
    const afterOrphan = (await w.lineage(ROOT)).status;
    const realFails = await handleJobEvent(w.childEvent('child-1', 'application-exit-1'), w.decideDeps);

    expect(orphanFails).toMatchObject({
      outcome: 'orphan-failed',
      rootJobId: ROOT,
      decision: { orphan: true },
    });
    expect(afterOrphan).toBe('OPEN');
    // budgets.total is 3: the root, the duplicate and the real child have used all three.
    expect(realFails).toMatchObject({
      outcome: 'gave-up',
      decision: { reason: 'the lineage has used 3 of its 3 attempts (budgets.total)' },
    });
    expect((await w.lineage(ROOT)).totalAttempts).toBe(3);
    expect(w.retries.drain()).toEqual([]);
  });

  it('recognises a duplicate whose worker died before recording it, by the lost claim token it carries', async () => {
    const { w, workerA } = await claimLostMidSubmit({ crashBeforeRecording: true });

    const orphanFails = await handleJobEvent(w.childEvent('child-2', 'application-exit-1'), w.decideDeps);

    expect(workerA).toEqual(new Error('worker A crashed'));
    expect((await w.lineage(ROOT)).decisions[0]?.orphans).toBeUndefined();
    expect(orphanFails).toMatchObject({ outcome: 'orphan-failed', rootJobId: ROOT });
  });

  it('closes the lineage as RECOVERED when the duplicate succeeds first (the work is done)', async () => {
    const { w } = await claimLostMidSubmit();

    const outcome = await handleJobEvent(w.childEvent('child-2', 'succeeded'), w.decideDeps);

    expect(outcome).toEqual({ outcome: 'recovered', rootJobId: ROOT });
  });
});
