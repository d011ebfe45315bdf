/** Wall-clock time, in epoch milliseconds. Injected so that the simulator and tests control time. */
export interface Clock {
  now(): number;
}

/** A source of uniform random numbers in [0, 1). Injected so that jitter is reproducible from a seed. */
export interface Random {
  next(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
export const systemRandom: Random = { next: () => Math.random() };
