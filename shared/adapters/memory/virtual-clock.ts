import type { Clock } from '#core/ports/index.js';

/** Monday 2025-01-06 09:00:00 UTC: the default start of simulated time, in epoch milliseconds. */
export const DEFAULT_SIMULATION_START = Date.UTC(2025, 0, 6, 9, 0, 0);

/**
 * A Clock whose time only moves when the simulation (or a test) moves it. `now()` is epoch milliseconds, like
 * `Date.now()`, so timestamps in emitted events and ledger records look real.
 */
export class VirtualClock implements Clock {
  private current: number;

  /** @param startAt epoch milliseconds; defaults to {@link DEFAULT_SIMULATION_START}. */
  constructor(startAt: number = DEFAULT_SIMULATION_START) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `seconds`. */
  advanceSeconds(seconds: number): void {
    this.advanceTo(this.current + seconds * 1000);
  }

  /** Moves time forward to `time` (epoch ms). Time never goes back: an earlier `time` is an error. */
  advanceTo(time: number): void {
    if (time < this.current) {
      throw new RangeError(
        `virtual time cannot go back from ${new Date(this.current).toISOString()} to ${new Date(time).toISOString()}`,
      );
    }
    this.current = time;
  }
}
