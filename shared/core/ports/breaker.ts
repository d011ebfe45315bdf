import type { Admission, ProbePlan } from '../breaker/half-open.js';
import type { FailureClass } from '../classify/classes.js';

/**
 * What a breaker counts: failures of one class on one job queue. `jobQueue` may be a queue name or
 * ARN; implementations key on the name (the last ARN segment, `breakerScope`), so a name and its ARN
 * share one breaker.
 */
export interface BreakerKey {
  readonly jobQueue: string;
  readonly failureClass: FailureClass;
}

/** A policy's `breaker` section, minus `enabled` (callers do not call the breaker when it is off). */
export interface BreakerSettings {
  /** Failures inside one sliding window that open the breaker (at least 1). */
  readonly threshold: number;
  /** Length of the sliding window, in seconds. */
  readonly windowSeconds: number;
  /** How long the breaker stays open once it opens, in seconds. */
  readonly cooldownSeconds: number;
}

export interface BreakerCount {
  /** Failures counted in the window that ends at `now`, these included. */
  readonly count: number;
  /** True for exactly one caller per opening, however many call concurrently. */
  readonly opened: boolean;
  /** Epoch ms until which the breaker is open, when it is open at `now` (opened by this call or earlier). */
  readonly openUntil?: number;
  /** Epoch ms until which new retries are parked: the cooldown's end, or while half-open the probes'. */
  readonly parkUntil?: number;
}

/**
 * Circuit breakers per job queue and failure class, shared by every decide Lambda (so their state
 * lives in DynamoDB on AWS). Failures are counted by the time they happened, in a sliding window
 * (`shared/core/breaker/sliding-window.ts`); a breaker opens when `threshold` of them fall inside the
 * window that ends now, and stays open for `cooldownSeconds`. While it is open, retries to that
 * queue and class are parked until it closes. Implementations: DynamoDB and in-memory, with identical
 * semantics proven by one contract suite.
 */
export interface BreakerPort {
  /** Epoch ms until which the breaker of `key` is open at `now` (epoch ms), else undefined. */
  pausedUntil(key: BreakerKey, now: number): Promise<number | undefined>;

  /**
   * Counts the failures at `failureTimes` (epoch ms; those a window or more before `now` cannot matter
   * and are not counted) in one write. When the count over the window ending at `now` reaches
   * `settings.threshold` and the breaker is closed, opens it until `now + cooldownSeconds` and returns
   * `opened: true`, to one caller only, even under concurrent calls.
   */
  recordFailures(
    key: BreakerKey,
    failureTimes: readonly number[],
    settings: BreakerSettings,
    now: number,
  ): Promise<BreakerCount>;

  /**
   * What a parked retry of `key` may do at `now`: wait while open, go first as one of
   * `plan.maxProbes` probes, wait for the probes' window, or go ahead once closed. The call that finds
   * the probe window over closes the breaker and alone gets `closed-now`.
   */
  admit(key: BreakerKey, now: number, plan: ProbePlan): Promise<Admission>;

  /**
   * Opens the breaker again for `cooldownSeconds` because a probe of the opening at `probedOpenedAt`
   * failed the same way; true for the one caller that did (false when it has opened again or closed
   * since, or the probe belongs to another breaker).
   */
  reopen(key: BreakerKey, probedOpenedAt: number, cooldownSeconds: number, now: number): Promise<boolean>;
}
