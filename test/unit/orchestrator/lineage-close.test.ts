import { describe, expect, it } from 'vitest';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import { handleRetryMessage } from '#core/orchestrator/resubmit.js';
import { HARD_LIMITS } from '#core/policy/limits.js';
import type { LedgerPort } from '#core/ports/ledger.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { orchestratorWorld } from './orchestrator-world.js';

/** Job id of the application-exit-1 fixture, the root of the lineages below. */
const ROOT = '319558c3-a3f9-4017-b57d-c82ed28380ee';

/** A world where the root failed, its retry was due and the child `child-1` was submitted. */
async function resubmitted() {
  const w = orchestratorWorld();
  await handleJobEvent(jobFromFixture('application-exit-1'), w.decideDeps);
  const [sent] = w.retries.drain();
  if (sent === undefined) throw new Error('expected a retry message');
  w.clock.advanceTo(sent.message.dueAt);
  await handleRetryMessage(sent.message, w.resubmitDeps);
  return w;
}

describe('closing a lineage', () => {
  it('ignores an untagged success of a job the ledger never submitted, without reading anything', async () => {
    const w = await resubmitted();
    const stranger = jobFromFixture('succeeded', (detail) => {
      detail.jobId = 'someone-else';
      detail.tags = {};
    });

    expect((await handleJobEvent(stranger, w.decideDeps)).outcome).toBe('ignored');
    expect((await w.lineage(ROOT)).status).toBe('OPEN');
  });

  it('leaves the lineage open when only a node of a multi-node child succeeds', async () => {
    const w = await resubmitted();
    const node = w.childEvent('child-1', 'succeeded', (detail) => {
      detail.jobId = 'child-1#1';
      detail.nodeDetails = { nodeIndex: 1, isMainNode: false };
    });

    expect((await handleJobEvent(node, w.decideDeps)).outcome).toBe('ignored');
    expect((await w.lineage(ROOT)).status).toBe('OPEN');
  });
});

describe('claiming a resubmission', () => {
  it('goes ahead when the claim it finds is its own (the ledger write went through, its answer was lost)', async () => {
    const w = orchestratorWorld();
    await handleJobEvent(jobFromFixture('application-exit-1'), w.decideDeps);
    const [sent] = w.retries.drain();
    if (sent === undefined) throw new Error('expected a retry message');
    w.clock.advanceTo(sent.message.dueAt);
    // The claim is written with the caller's token, then reported back as held (a retried write).
    const claimTwice: LedgerPort['claimSubmission'] = async (args) => {
      await w.ledger.claimSubmission(args);
      const again = await w.ledger.claimSubmission({
        ...args,
        claimToken: 'a-retried-copy-of-the-same-write',
      });
      return again;
    };
    const ledger = new Proxy(w.ledger, {
      get: (target, prop) => {
        if (prop === 'claimSubmission') return claimTwice;
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    const outcome = await handleRetryMessage(sent.message, { ...w.resubmitDeps, ledger });

    expect(outcome).toMatchObject({ outcome: 'submitted' });
    expect(w.batch.jobs).toHaveLength(1);
  });
});

describe('resubmitting a lineage past the hard age limit', () => {
  it('gives up with an alert instead of submitting when retries waited past 14 days', async () => {
    const w = orchestratorWorld();
    await handleJobEvent(jobFromFixture('application-exit-1'), w.decideDeps);
    const [sent] = w.retries.drain();
    if (sent === undefined) throw new Error('expected a retry message');
    const created = (await w.lineage(ROOT)).createdAt;
    w.clock.advanceTo(created + HARD_LIMITS.maxLineageAgeSeconds * 1000 + 60_000);

    const outcome = await handleRetryMessage(sent.message, w.resubmitDeps);

    expect(outcome).toMatchObject({ outcome: 'gave-up' });
    expect(w.batch.jobs).toHaveLength(0);
    expect((await w.lineage(ROOT)).status).toBe('GAVE_UP');
    expect(w.alerts.alerts.map((a) => a.title)).toEqual([
      expect.stringContaining('the lineage is past its age limit'),
    ]);
  });
});
