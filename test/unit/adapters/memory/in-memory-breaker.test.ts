import { describe, expect, it } from 'vitest';
import { InMemoryBreaker } from '#adapters/memory/in-memory-breaker.js';
import { describeBreakerContract } from '../../../integration/breaker/breaker-contract.js';
import { describeHalfOpenContract } from '../../../integration/breaker/half-open-contract.js';

describeBreakerContract('InMemoryBreaker', async () => new InMemoryBreaker());
describeHalfOpenContract('InMemoryBreaker', async () => new InMemoryBreaker());

describe('InMemoryBreaker memory', () => {
  it('after a long run counts only the failures of the last window', async () => {
    const breaker = new InMemoryBreaker();
    const key = { jobQueue: 'spot-queue', failureClass: 'infrastructure' } as const;
    const settings = { threshold: 100, windowSeconds: 60, cooldownSeconds: 60 };
    const t0 = Date.UTC(2026, 0, 15);
    for (let minute = 0; minute < 1000; minute++) {
      await breaker.recordFailures(key, [t0 + minute * 60_000], settings, t0 + minute * 60_000);
    }

    const last = await breaker.recordFailures(key, [t0 + 1000 * 60_000], settings, t0 + 1000 * 60_000);

    expect(last.count).toBe(2);
  });
});
