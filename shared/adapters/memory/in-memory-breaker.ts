import { breakerScope, windowKey, windowStartMs } from '#core/breaker/index.js';
import type { BreakerKey, BreakerPort, BreakerSettings, RecordFailureResult } from '#core/ports/index.js';

/** How long a window's count is kept after the window ends: the DynamoDB counters' TTL. */
const KEEP_WINDOW_MS = 86_400_000;

/**
 * Breakers in process memory, with the semantics of the DynamoDB breaker (proven by the shared
 * contract suite). JavaScript runs one call at a time, so a count and the opening that follows it are
 * atomic. Counts of windows that ended more than a day before the newest failure of the same breaker
 * are dropped, so memory stays bounded over a long simulation or replay. For the simulator, the
 * replay and fast tests.
 */
export class InMemoryBreaker implements BreakerPort {
  /** Scope -> window start (epoch ms) -> failures counted. */
  readonly #windows = new Map<string, Map<string, { endsAt: number; count: number }>>();
  /** Scope -> epoch ms until which it is open (possibly in the past). */
  readonly #openUntil = new Map<string, number>();

  async pausedUntil(key: BreakerKey, now: number): Promise<number | undefined> {
    const openUntil = this.#openUntil.get(breakerScope(key));
    return openUntil !== undefined && openUntil > now ? openUntil : undefined;
  }

  async recordFailure(key: BreakerKey, at: number, settings: BreakerSettings): Promise<RecordFailureResult> {
    const scope = breakerScope(key);
    const windows = this.#windows.get(scope) ?? new Map<string, { endsAt: number; count: number }>();
    this.#windows.set(scope, windows);
    const counter = windowKey(at, settings.windowSeconds);
    const endsAt = windowStartMs(at, settings.windowSeconds) + settings.windowSeconds * 1000;
    const count = (windows.get(counter)?.count ?? 0) + 1;
    windows.set(counter, { endsAt, count });
    for (const [old, window] of windows) if (window.endsAt + KEEP_WINDOW_MS < at) windows.delete(old);

    const current = this.#openUntil.get(scope);
    if (count < settings.threshold || (current !== undefined && current > at))
      return { count, opened: false };
    const openUntil = at + settings.cooldownSeconds * 1000;
    this.#openUntil.set(scope, openUntil);
    return { count, opened: true, openUntil };
  }
}
