import { describe, expect, it } from 'vitest';
import { InMemoryPolicySource } from '#adapters/memory/in-memory-policy-source.js';
import { HARD_LIMITS } from '#core/policy/limits.js';
import { parsePolicyDocument } from '#core/policy/parse-document.js';
import type { Policy } from '#core/policy/schema.js';
import { LINEAGE_TAG_KEYS } from '#core/submit/lineage-tags.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { eventFor } from './events.js';
import { Harness } from './harness.js';

const db = useDynalite('limits');

/** A valid policy, then edited in memory past every limit, as a hand-edited or buggy policy could be. */
function editedPolicy(edit: (policy: Policy) => Policy): InMemoryPolicySource {
  const parsed = parsePolicyDocument(
    JSON.stringify({ schemaVersion: 1, name: 'default', defaultAction: 'RETRY' }),
    'hard-limits',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return new InMemoryPolicySource([{ name: 'default', version: 1, policy: edit(parsed.policy) }]);
}

/**
 * Lets every job of the lineage fail with `fixture` until the orchestrator stops resubmitting.
 * Returns the harness for inspection.
 */
async function failForever(policies: InMemoryPolicySource, fixture: string): Promise<Harness> {
  const h = new Harness(db.endpoint, await db.freshTable(), policies);
  h.deliverEvent(eventFor(fixture, { jobId: 'root', at: h.now }));
  await h.drain();
  for (let seen = 0; seen < h.batch.jobs.length; seen++) {
    const child = h.batch.jobs[seen];
    if (child === undefined) break;
    h.deliverEvent(eventFor(fixture, { jobId: child.jobId, at: h.now, tags: { ...child.tags } }));
    await h.drain();
  }
  return h;
}

describe('G4: hard limits no policy can lift', () => {
  it(`stops at ${HARD_LIMITS.maxAttempts} attempts even when the policy allows 10,000`, async () => {
    const h = await failForever(
      editedPolicy((p) => ({
        ...p,
        budgets: { ...p.budgets, total: 10_000 },
        backoff: { ...p.backoff, strategy: 'fixed', baseSeconds: 0, capSeconds: 0, jitter: 'none' },
      })),
      'application-exit-1',
    );
    const lineage = await h.ledger.getLineage('root');
    expect(lineage?.status).toBe('GAVE_UP');
    expect(lineage?.totalAttempts).toBe(HARD_LIMITS.maxAttempts);
    expect(h.batch.jobs).toHaveLength(HARD_LIMITS.maxAttempts - 1);
    expect(lineage?.decisions.at(-1)?.reason).toContain(`hard limit of ${HARD_LIMITS.maxAttempts}`);
  });

  it('stops once the lineage would pass 14 days even when the policy allows years', async () => {
    const h = await failForever(
      editedPolicy((p) => ({
        ...p,
        budgets: { ...p.budgets, total: 10_000, maxLineageAgeSeconds: 10 ** 9 },
        backoff: {
          ...p.backoff,
          strategy: 'fixed',
          baseSeconds: 10 ** 9,
          capSeconds: 10 ** 9,
          jitter: 'none',
        },
      })),
      'application-exit-1',
    );
    const lineage = await h.ledger.getLineage('root');
    expect(lineage?.status).toBe('GAVE_UP');
    const delays =
      lineage?.decisions.flatMap((d) => (d.delaySeconds === undefined ? [] : [d.delaySeconds])) ?? [];
    expect(Math.max(...delays)).toBeLessThanOrEqual(HARD_LIMITS.maxDelaySeconds);
    const lastSubmission = Math.max(...h.batch.jobs.map((j) => j.createdAt ?? 0));
    expect(lastSubmission - (lineage?.createdAt ?? 0)).toBeLessThanOrEqual(
      HARD_LIMITS.maxLineageAgeSeconds * 1000,
    );
    expect(h.batch.jobs.every((j) => j.tags[LINEAGE_TAG_KEYS.rootJobId] === 'root')).toBe(true);
  });
});
