import { describe, expect, it } from 'vitest';
import { InMemoryPolicySource } from '#adapters/memory/in-memory-policy-source.js';
import { parsePolicyDocument } from '#core/policy/parse-document.js';
import type { BreakerKey } from '#core/ports/breaker.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { eventFor } from './events.js';
import { Harness } from './harness.js';

/** Retries Spot reclaims; the breaker counts in one-day windows, so every redelivery lands in the same one. */
const POLICY = {
  schemaVersion: 1,
  name: 'default',
  rules: [{ onClass: 'infrastructure', action: 'RETRY' }],
  defaultAction: 'EXIT',
  backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
  breaker: { threshold: 20, windowSeconds: 86_400, cooldownSeconds: 900 },
};
const SPOT: BreakerKey = { jobQueue: 'spot-queue', failureClass: 'infrastructure' };
const ROOT = 'root-0000-spot';

const db = useDynalite('breaker');

async function harness(): Promise<Harness> {
  const parsed = parsePolicyDocument(JSON.stringify(POLICY), 'breaker-counting');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return new Harness(
    db.endpoint,
    await db.freshTable(),
    new InMemoryPolicySource([{ name: 'default', version: 1, policy: parsed.policy }]),
  );
}

/** Failures the breaker counted in the window that ends at `at` (counting none to read it). */
async function counted(h: Harness, at: number): Promise<number> {
  const probe = await h.breaker.recordFailures(SPOT, [], { ...POLICY.breaker, threshold: 1000 }, at);
  return probe.count;
}

describe('the breaker under duplicate delivery and crashes (DynamoDB)', () => {
  it('counts a failure once when 5 deliveries of its event race', async () => {
    const h = await harness();
    const failedAt = h.now;

    await h.deliverConcurrently(eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: failedAt }), 5);
    await h.drain();

    expect(await counted(h, failedAt)).toBe(1);
  });

  it('counts a failure once after a crash at any call, except the documented window, and resubmits once', async () => {
    const golden = await harness();
    const failedAt = golden.now;
    golden.deliverEvent(eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: failedAt }));
    await golden.drain();
    expect(golden.calls).toContain('breaker.recordFailures');
    expect(await counted(golden, failedAt)).toBe(1);

    for (let call = 0; call < golden.calls.length; call++) {
      for (const phase of ['before', 'after'] as const) {
        const h = await harness();
        h.injectCrash({ call, phase });
        h.deliverEvent(eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: h.now }));
        await h.drain();
        const where = `crash ${phase} ${golden.calls[call]} (call ${call})`;
        // The one crash window: recorded, not yet counted. The redelivery is a duplicate and never counts.
        const uncounted =
          golden.calls[call] === (phase === 'after' ? 'ledger.recordDecision' : 'breaker.recordFailures');
        expect(await counted(h, failedAt), where).toBe(uncounted ? 0 : 1);
        expect(h.batch.jobs, where).toHaveLength(1);
      }
    }
  });
});
