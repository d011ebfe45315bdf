import { breakerScope, bucketsToAdd, slidingCount, staleBuckets } from '#core/breaker/index.js';
import type { BreakerCount, BreakerKey, BreakerPort, BreakerSettings } from '#core/ports/index.js';

interface BreakerState {
  readonly buckets: Record<string, number>;
  openUntil?: number;
}

/**
 * Breakers in process memory, with the semantics of the DynamoDB breaker (proven by the shared
 * contract suite). JavaScript runs one call at a time, so a count and the opening that follows it are
 * atomic. Buckets that ended a window ago are dropped on every count, so memory stays bounded over a
 * long simulation or replay. For the simulator, the replay and fast tests.
 */
export class InMemoryBreaker implements BreakerPort {
  readonly #states = new Map<string, BreakerState>();

  async pausedUntil(key: BreakerKey, now: number): Promise<number | undefined> {
    const openUntil = this.#states.get(breakerScope(key))?.openUntil;
    return openUntil !== undefined && openUntil > now ? openUntil : undefined;
  }

  async recordFailures(
    key: BreakerKey,
    failureTimes: readonly number[],
    settings: BreakerSettings,
    now: number,
  ): Promise<BreakerCount> {
    const scope = breakerScope(key);
    const state = this.#states.get(scope) ?? { buckets: {} };
    this.#states.set(scope, state);
    for (const name of staleBuckets(Object.keys(state.buckets), now)) delete state.buckets[name];
    for (const [name, n] of bucketsToAdd(failureTimes, now, settings.windowSeconds)) {
      state.buckets[name] = (state.buckets[name] ?? 0) + n;
    }
    const count = slidingCount(state.buckets, now, settings.windowSeconds);
    if (state.openUntil !== undefined && state.openUntil > now) {
      return { count, opened: false, openUntil: state.openUntil };
    }
    if (count < settings.threshold) return { count, opened: false };
    state.openUntil = now + settings.cooldownSeconds * 1000;
    return { count, opened: true, openUntil: state.openUntil };
  }
}
