import {
  type Admission,
  breakerPhase,
  breakerScope,
  bucketsToAdd,
  type ProbePlan,
  parkUntil,
  slidingCount,
  staleBuckets,
} from '#core/breaker/index.js';
import type { BreakerCount, BreakerKey, BreakerPort, BreakerSettings } from '#core/ports/index.js';

interface State {
  readonly buckets: Record<string, number>;
  openUntil?: number;
  openedAt?: number;
  closedAt?: number;
  probes?: number;
  probeUntil?: number;
}

/**
 * Breakers in process memory, with the semantics of the DynamoDB breaker (proven by the shared
 * contract suite). JavaScript runs one call at a time, so a count and the opening that follows it are
 * atomic. Buckets that ended a window ago are dropped on every count, so memory stays bounded over a
 * long simulation or replay. For the simulator, the replay and fast tests.
 */
export class InMemoryBreaker implements BreakerPort {
  readonly #states = new Map<string, State>();

  #state(key: BreakerKey): State {
    const scope = breakerScope(key);
    const state = this.#states.get(scope) ?? { buckets: {} };
    this.#states.set(scope, state);
    return state;
  }

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
    const state = this.#state(key);
    for (const name of staleBuckets(Object.keys(state.buckets), now)) delete state.buckets[name];
    for (const [name, n] of bucketsToAdd(failureTimes, now, settings.windowSeconds)) {
      state.buckets[name] = (state.buckets[name] ?? 0) + n;
    }
    const count = slidingCount(state.buckets, now, settings.windowSeconds);
    if (state.openUntil !== undefined && state.openUntil > now) {
      return { count, opened: false, openUntil: state.openUntil, parkUntil: state.openUntil };
    }
    if (count < settings.threshold) {
      const park = parkUntil(state, now);
      return { count, opened: false, ...(park === undefined ? {} : { parkUntil: park }) };
    }
    const openUntil = this.#open(state, now, settings.cooldownSeconds);
    return { count, opened: true, openUntil, parkUntil: openUntil };
  }

  #open(state: State, now: number, cooldownSeconds: number): number {
    state.openUntil = now + cooldownSeconds * 1000;
    state.openedAt = now;
    delete state.probes;
    delete state.probeUntil;
    return state.openUntil;
  }

  async admit(key: BreakerKey, now: number, plan: ProbePlan): Promise<Admission> {
    const state = this.#state(key);
    const phase = breakerPhase(state, now);
    if (phase === 'closed')
      return state.closedAt === undefined ? { kind: 'closed' } : { kind: 'closed', closedAt: state.closedAt };
    if (phase === 'open') return { kind: 'open', until: state.openUntil ?? now };
    const openedAt = state.openedAt ?? now;
    if (state.probeUntil !== undefined && now >= state.probeUntil) {
      state.closedAt = now;
      return { kind: 'closed-now', closedAt: now, openedAt };
    }
    if ((state.probes ?? 0) < plan.maxProbes) {
      state.probes = (state.probes ?? 0) + 1;
      state.probeUntil ??= now + plan.probeSeconds * 1000;
      return { kind: 'probe', openedAt };
    }
    return { kind: 'wait', until: state.probeUntil ?? now + plan.probeSeconds * 1000 };
  }

  async reopen(
    key: BreakerKey,
    probedOpenedAt: number,
    cooldownSeconds: number,
    now: number,
  ): Promise<boolean> {
    const state = this.#states.get(breakerScope(key));
    if (state?.openedAt !== probedOpenedAt) return false;
    if (state.closedAt !== undefined && state.closedAt >= probedOpenedAt) return false;
    this.#open(state, now, cooldownSeconds);
    return true;
  }
}
