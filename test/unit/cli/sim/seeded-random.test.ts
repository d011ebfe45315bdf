import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { randomInstanceId, randomUuid } from '#cli/sim/random-ids.js';

function draws(random: SeededRandom, n: number): number[] {
  return Array.from({ length: n }, () => random.next());
}

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(draws(new SeededRandom(42), 20)).toEqual(draws(new SeededRandom(42), 20));
    expect(draws(new SeededRandom(42), 20)).not.toEqual(draws(new SeededRandom(43), 20));
  });

  it('draws uniformly in [0, 1)', () => {
    const values = draws(new SeededRandom(7), 20_000);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;

    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });

  it('derives the same stream for the same keys, whatever was drawn before', () => {
    const first = SeededRandom.derive(1, 17, 3).next();
    draws(SeededRandom.derive(1, 17, 2), 100);

    expect(SeededRandom.derive(1, 17, 3).next()).toBe(first);
    expect(SeededRandom.derive(1, 3, 17).next()).not.toBe(first);
  });
});

describe('random ids', () => {
  it('shapes job ids like version-4 UUIDs and instance ids like EC2 ones', () => {
    const random = new SeededRandom(1);

    expect(randomUuid(random)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(randomInstanceId(random)).toMatch(/^i-0[0-9a-f]{16}$/);
  });
});
