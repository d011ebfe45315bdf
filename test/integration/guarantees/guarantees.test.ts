import { describe, expect, it } from 'vitest';
import { InMemoryPolicySource } from '#adapters/memory/in-memory-policy-source.js';
import { parsePolicyDocument } from '#core/policy/parse-document.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { eventFor } from './events.js';
import { type CrashPoint, Harness } from './harness.js';

const POLICY = {
  schemaVersion: 1,
  name: 'default',
  rules: [
    { onClass: 'infrastructure', action: 'RETRY' },
    { onClass: 'application', action: 'RETRY' },
  ],
  defaultAction: 'EXIT',
  budgets: { total: 6, perClass: { infrastructure: 4, application: 2 } },
  // Longer than one SQS hop (900 s), so the flow includes a deferred re-enqueue.
  backoff: { strategy: 'fixed', baseSeconds: 1200, jitter: 'none' },
};

function policies(): InMemoryPolicySource {
  const parsed = parsePolicyDocument(JSON.stringify(POLICY), 'guarantees');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return new InMemoryPolicySource([{ name: parsed.policy.name, version: 3, policy: parsed.policy }]);
}

const db = useDynalite('ledger');

async function harness(): Promise<Harness> {
  return new Harness(db.endpoint, await db.freshTable(), policies());
}

const ROOT = 'root-0000-spot';

/** Runs everything pending, then lets every child Batch created succeed, and runs that too. */
async function settle(h: Harness): Promise<number> {
  const failures = await h.drain();
  h.reportChildren('succeeded');
  return failures + (await h.drain());
}

async function expectOneCleanResubmission(h: Harness): Promise<void> {
  const lineage = await h.ledger.getLineage(ROOT);
  expect(lineage?.decisions).toHaveLength(1);
  expect(lineage?.totalAttempts).toBe(1);
  expect(lineage?.counts).toEqual({ infrastructure: 1 });
  expect(h.batch.jobs).toHaveLength(1);
  expect(lineage?.status).toBe('RECOVERED');
  expect(lineage?.decisions[0]?.submission).toMatchObject({
    state: 'SUBMITTED',
    childJobId: h.batch.jobs[0]?.jobId,
  });
}

describe('G1: one decision per failed job', () => {
  it.each([1, 2, 3, 4, 5])(
    'decides once and counts once when the same event arrives %i times in a row',
    async (n) => {
      const h = await harness();
      const event = eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: h.now });
      for (let i = 0; i < n; i++) h.deliverEvent(event);
      await settle(h);
      await expectOneCleanResubmission(h);
    },
  );

  it.each([2, 3, 5])('decides once and submits once when %i deliveries of the event race', async (n) => {
    const h = await harness();
    const event = eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: h.now });
    await h.deliverConcurrently(event, n);
    await h.deliverRetriesConcurrently();
    await settle(h);
    await expectOneCleanResubmission(h);
  });
});

describe('G2 and G3: a crash at any step boundary loses nothing and submits once', () => {
  it('walks the whole path without a crash first, so every boundary below is real', async () => {
    const h = await harness();
    h.deliverEvent(eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: h.now }));
    await settle(h);
    expect(h.calls).toContain('batch.submitJob');
    expect(h.calls).toContain('sqs.sendBatch');
    expect(h.calls).toContain('ledger.closeLineage');
    await expectOneCleanResubmission(h);
  });

  it('finishes the retry exactly once after a crash before or after every external call', async () => {
    const golden = await harness();
    golden.deliverEvent(eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: golden.now }));
    await settle(golden);
    const points: CrashPoint[] = golden.calls.flatMap((_, call) => [
      { call, phase: 'before' as const },
      { call, phase: 'after' as const },
    ]);

    for (const point of points) {
      const h = await harness();
      h.injectCrash(point);
      h.deliverEvent(eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: h.now }));
      const failures = await settle(h);
      const where = `crash ${point.phase} ${golden.calls[point.call]} (call ${point.call})`;
      expect(failures, where).toBeGreaterThanOrEqual(1);
      expect(h.batch.jobs, where).toHaveLength(1);
      const lineage = await h.ledger.getLineage(ROOT);
      expect(lineage?.totalAttempts, where).toBe(1);
      expect(lineage?.status, where).toBe('RECOVERED');
      expect(lineage?.decisions[0]?.submission?.childJobId, where).toBe(h.batch.jobs[0]?.jobId);
    }
  });

  it('still gives up and alerts after a crash before or after every call of a fatal failure', async () => {
    const golden = await harness();
    golden.deliverEvent(eventFor('ec2-cannot-pull-container', { jobId: 'root-pull', at: golden.now }));
    await golden.drain();
    expect(golden.alerts.alerts).toHaveLength(1);

    for (let call = 0; call < golden.calls.length; call++) {
      for (const phase of ['before', 'after'] as const) {
        const h = await harness();
        h.injectCrash({ call, phase });
        h.deliverEvent(eventFor('ec2-cannot-pull-container', { jobId: 'root-pull', at: h.now }));
        await h.drain();
        const where = `crash ${phase} ${golden.calls[call]}`;
        expect((await h.ledger.getLineage('root-pull'))?.status, where).toBe('GAVE_UP');
        expect(h.alerts.alerts.length, where).toBeGreaterThanOrEqual(1);
        expect(h.batch.jobs, where).toHaveLength(0);
      }
    }
  });
});
