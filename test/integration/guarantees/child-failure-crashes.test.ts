import { describe, expect, it } from 'vitest';
import { InMemoryPolicySource } from '#adapters/memory/in-memory-policy-source.js';
import { parsePolicyDocument } from '#core/policy/parse-document.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { eventFor } from './events.js';
import { Harness } from './harness.js';

const POLICY = {
  schemaVersion: 1,
  name: 'default',
  rules: [{ onClass: 'infrastructure', action: 'RETRY' }],
  defaultAction: 'EXIT',
  budgets: { total: 4, perClass: { infrastructure: 3 } },
  backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
};

const db = useDynalite('ledger');
const ROOT = 'root-0000-child-path';

async function harness(): Promise<Harness> {
  const parsed = parsePolicyDocument(JSON.stringify(POLICY), 'child-path');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const policies = new InMemoryPolicySource([{ name: 'default', version: 1, policy: parsed.policy }]);
  return new Harness(db.endpoint, await db.freshTable(), policies);
}

/**
 * The root is reclaimed, its child is reclaimed too (the child is recorded from its own event, with
 * the tags and claim token Batch reports), and the grandchild succeeds.
 */
async function playTwoReclaims(h: Harness): Promise<number> {
  h.deliverEvent(eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: h.now }));
  let failures = await h.drain();
  h.reportChildren('ec2-spot-host-terminated');
  failures += await h.drain();
  h.reportChildren('succeeded');
  return failures + (await h.drain());
}

describe("G1-G3 on a child's failure: the second decision of a lineage", () => {
  it('decides the child once, submits one grandchild and recovers, after a crash before or after every call', async () => {
    const golden = await harness();
    await playTwoReclaims(golden);
    expect(golden.batch.jobs).toHaveLength(2);
    expect((await golden.ledger.getLineage(ROOT))?.status).toBe('RECOVERED');
    const goldenCalls = [...golden.calls];

    for (let call = 0; call < goldenCalls.length; call++) {
      for (const phase of ['before', 'after'] as const) {
        const h = await harness();
        h.injectCrash({ call, phase });
        const failures = await playTwoReclaims(h);
        const where = `crash ${phase} ${goldenCalls[call]} (call ${call})`;
        const lineage = await h.ledger.getLineage(ROOT);
        expect(failures, where).toBeGreaterThanOrEqual(1);
        expect(h.batch.jobs, where).toHaveLength(2);
        expect(lineage?.totalAttempts, where).toBe(2);
        expect(lineage?.counts, where).toEqual({ infrastructure: 2 });
        expect(
          lineage?.decisions.map((d) => d.failedJobId),
          where,
        ).toEqual([ROOT, h.batch.jobs[0]?.jobId]);
        expect(lineage?.decisions[1]?.submission?.childJobId, where).toBe(h.batch.jobs[1]?.jobId);
        expect(lineage?.status, where).toBe('RECOVERED');
      }
    }
  });
});
