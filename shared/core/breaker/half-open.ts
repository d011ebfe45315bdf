/**
 * The half-open phase of a breaker: after its cooldown a few parked retries go first as probes; when
 * none of them fails the same way within the probe window, the breaker closes and the other parked
 * retries are released, spread over the release window; when one does, the breaker opens again.
 */

/** What a breaker's stored state says about it (epoch ms). */
export interface BreakerState {
  /** Until when the breaker is open; absent when it never opened. */
  readonly openUntil?: number;
  /** When it last opened (or opened again after a failed probe). */
  readonly openedAt?: number;
  /** When it last closed after its probes went through. */
  readonly closedAt?: number;
  /** Probe slots taken since it last opened. */
  readonly probes?: number;
  /** End of the probe window, set by the first probe since it last opened. */
  readonly probeUntil?: number;
}

export type BreakerPhase = 'closed' | 'open' | 'half-open';

/** The phase of a breaker at `now`. */
export function breakerPhase(state: BreakerState, now: number): BreakerPhase {
  if (state.openUntil === undefined || state.openedAt === undefined) return 'closed';
  if (state.openUntil > now) return 'open';
  return state.closedAt !== undefined && state.closedAt >= state.openedAt ? 'closed' : 'half-open';
}

/** How many parked retries go first after a cooldown. */
export const MAX_PROBES = 3;

/** How the probes of a breaker with `cooldownSeconds` run, and how the rest are released. */
export interface ProbePlan {
  readonly maxProbes: number;
  /** How long after the first probe a failure of the probes reopens the breaker, in seconds. */
  readonly probeSeconds: number;
  /** Over how long the parked retries are released once it closes, in seconds. */
  readonly releaseSeconds: number;
}

/**
 * The probe plan of a cooldown: a probe window of a third of the cooldown, between 30 s and 5 minutes
 * (a pull error shows in a minute, a Spot reclaim sooner or not at all), and a release over the same
 * span, so a backlog of parked retries does not arrive at Batch in one second.
 */
export function probePlan(cooldownSeconds: number): ProbePlan {
  const span = Math.min(300, Math.max(30, Math.round(cooldownSeconds / 3)));
  return { maxProbes: MAX_PROBES, probeSeconds: span, releaseSeconds: span };
}

/** What a parked retry may do when it wakes. */
export type Admission =
  /** The breaker is closed: go ahead (released from `closedAt`, when it closed after probes). */
  | { readonly kind: 'closed'; readonly closedAt?: number }
  /** This call closed the breaker (the probe window passed with no probe failing the same way). */
  | { readonly kind: 'closed-now'; readonly closedAt: number; readonly openedAt: number }
  /** Still open (or opened again): park until `until`. */
  | { readonly kind: 'open'; readonly until: number }
  /** Go first, as a probe of the opening at `openedAt`. */
  | { readonly kind: 'probe'; readonly openedAt: number }
  /** The probes are out: park until their window ends. */
  | { readonly kind: 'wait'; readonly until: number };

/**
 * When new retries of a breaker in `state` wait until (epoch ms), or undefined when they need not:
 * the end of the cooldown while open; while half-open, the end of the probe window, or a moment from
 * now when no probe has gone yet (the retry then wakes and asks to be a probe).
 */
export function parkUntil(state: BreakerState, now: number): number | undefined {
  const phase = breakerPhase(state, now);
  if (phase === 'open') return state.openUntil;
  if (phase === 'closed') return undefined;
  return Math.max(state.probeUntil ?? 0, now + 1000);
}
