import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { type BackoffConfig, backoffDelaySeconds, backoffFor } from '#core/policy/backoff.js';
import { HARD_LIMITS } from '#core/policy/limits.js';
import { policySchema } from '#core/policy/schema.js';
import type { Random } from '#core/ports/clock.js';

/** A Random that replays `values` (then repeats the last one). */
const replay = (...values: number[]): Random => {
  let i = 0;
  return { next: () => values[Math.min(i++, values.length - 1)] ?? 0 };
};

const seeded = (seed: number): Random => new SeededRandom(seed);

const config = (over: Partial<BackoffConfig>): BackoffConfig => ({
  strategy: 'exponential',
  baseSeconds: 30,
  factor: 2,
  capSeconds: 3600,
  jitter: 'none',
  ...over,
});

const arbitraryConfig = fc
  .record({
    strategy: fc.constantFrom('fixed', 'exponential', 'decorrelated'),
    baseSeconds: fc.integer({ min: 0, max: HARD_LIMITS.maxDelaySeconds }),
    factor: fc.double({ min: 1, max: 100, noNaN: true }),
    capSeconds: fc.integer({ min: 0, max: HARD_LIMITS.maxDelaySeconds }),
    jitter: fc.constantFrom('none', 'full', 'equal'),
  })
  .map((c) => ({ ...c, baseSeconds: Math.min(c.baseSeconds, c.capSeconds) }) as BackoffConfig);

describe('backoffDelaySeconds', () => {
  it('doubles an exponential delay per failure until the cap', () => {
    const c = config({ capSeconds: 200 });

    const delays = [1, 2, 3, 4, 5].map((n) => backoffDelaySeconds(c, n, undefined, replay(0)));

    expect(delays).toEqual([30, 60, 120, 200, 200]);
  });

  it('waits the base every time with the fixed strategy', () => {
    expect(backoffDelaySeconds(config({ strategy: 'fixed' }), 7, 30, replay(0.5))).toBe(30);
  });

  it('draws full jitter between 0 and the delay, equal jitter in its upper half', () => {
    const exp = config({ baseSeconds: 100 });

    expect(backoffDelaySeconds({ ...exp, jitter: 'full' }, 1, undefined, replay(0.25))).toBe(25);
    expect(backoffDelaySeconds({ ...exp, jitter: 'equal' }, 1, undefined, replay(0.5))).toBe(75);
  });

  it('draws a decorrelated delay between the base and the previous delay times the factor', () => {
    const c = config({ strategy: 'decorrelated', baseSeconds: 10, factor: 3 });

    expect(backoffDelaySeconds(c, 2, 100, replay(0))).toBe(10);
    expect(backoffDelaySeconds(c, 2, 100, replay(0.999_999))).toBe(300);
  });

  it('reaches days when asked to', () => {
    const days = config({ strategy: 'fixed', baseSeconds: 2 * 86_400, capSeconds: 2 * 86_400 });

    expect(backoffDelaySeconds(days, 1, undefined, replay(0))).toBe(172_800);
  });

  it('stays a whole number of seconds within [0, capSeconds] for any configuration and history', () => {
    fc.assert(
      fc.property(
        arbitraryConfig,
        fc.integer({ min: 1, max: 10_000 }),
        fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: undefined }),
        fc.integer(),
        (c, n, previous, seed) => {
          const delay = backoffDelaySeconds(c, n, previous, seeded(seed));
          return Number.isInteger(delay) && delay >= 0 && delay <= c.capSeconds;
        },
      ),
    );
  });

  it('gives the same delay for the same seed', () => {
    fc.assert(
      fc.property(arbitraryConfig, fc.integer({ min: 1, max: 60 }), fc.integer(), (c, n, seed) => {
        const first = backoffDelaySeconds(c, n, 50, seeded(seed));
        const again = backoffDelaySeconds(c, n, 50, seeded(seed));
        return first === again;
      }),
    );
  });

  it('never shrinks an un-jittered exponential delay as failures add up', () => {
    fc.assert(
      fc.property(arbitraryConfig, fc.integer({ min: 1, max: 100 }), (c, n) => {
        const exp = { ...c, strategy: 'exponential' as const, jitter: 'none' as const };
        return (
          backoffDelaySeconds(exp, n + 1, undefined, replay(0)) >=
          backoffDelaySeconds(exp, n, undefined, replay(0))
        );
      }),
    );
  });
});

describe('backoffFor', () => {
  it('lays a class override over the global backoff', () => {
    const { backoff } = policySchema().parse({
      schemaVersion: 1,
      name: 'p',
      backoff: { baseSeconds: 60, perClass: { infrastructure: { baseSeconds: 5, jitter: 'none' } } },
    });

    expect(backoffFor(backoff, 'infrastructure')).toEqual({
      strategy: 'exponential',
      baseSeconds: 5,
      factor: 2,
      capSeconds: 3600,
      jitter: 'none',
    });
    expect(backoffFor(backoff, 'application').baseSeconds).toBe(60);
  });
});
