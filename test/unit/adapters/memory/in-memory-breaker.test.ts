import { describe, expect, it } from 'vitest';
import { InMemoryBreaker } from '#adapters/memory/in-memory-breaker.js';
import { describeBreakerContract } from '../../../integration/breaker/breaker-contract.js';

describeBreakerContract('InMemoryBreaker', async () => new InMemoryBreaker());

describe('InMemoryBreaker memory', () => {
  it('forgets the count of a window that ended more than a day before a newer failure', async () => {
    const breaker = new InMemoryBreaker();
    const key = { jobQueue: 'spot-queue', failureClass: 'infrastructure' } as const;
    const settings = { threshold: 100, windowSeconds: 60, cooldownSeconds: 60 };
    const t0 = Date.UTC(2026, 0, 15);
    await breaker.recordFailure(key, t0, settings);
    await breaker.recordFailure(key, t0 + 2 * 86_400_000, settings);

    const late = await breaker.recordFailure(key, t0 + 1000, settings);

    expect(late.count).toBe(1);
  });
});
