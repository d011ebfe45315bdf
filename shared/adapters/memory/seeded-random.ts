import type { Random } from '#core/ports/index.js';

/** Murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function mix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85eb_ca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2_ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * A small, fast, seedable PRNG (mulberry32: 32-bit state, period 2^32) implementing Random. Good
 * enough for simulation draws and ids; not for anything secret.
 */
export class SeededRandom implements Random {
  private state: number;

  /** @param seed any finite number; only its low 32 bits (after truncation) matter. */
  constructor(seed: number) {
    this.state = mix32(Math.trunc(seed) ^ 0x9e37_79b9);
  }

  /**
   * A generator for one coordinate of the simulated world, for example `(seed, job 17, attempt 3)`.
   * The same keys always give the same stream, whatever else was drawn before: the native and the
   * policy side of a compare see the same luck for the same job and attempt.
   */
  static derive(seed: number, ...keys: readonly number[]): SeededRandom {
    let h = mix32(Math.trunc(seed));
    for (const key of keys) h = mix32(h ^ Math.imul(Math.trunc(key) + 0x632b_e5ab, 0x9e37_79b1));
    return new SeededRandom(h);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b_79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}
