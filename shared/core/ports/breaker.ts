import type { FailureClass } from '../classify/classes.js';

/**
 * What a breaker counts: failures of one class on one job queue. `jobQueue` may be a queue name or
 * ARN; implementations key on the name (the last ARN segment, {@link breakerScope}), so a name and
 * its ARN share one breaker.
 */
export interface BreakerKey {
  readonly jobQueue: string;
  readonly failureClass: FailureClass;
}

/** A policy's `breaker` section, minus `enabled` (callers do not call the breaker when it is off). */
export interface BreakerSettings {
  /** Failures inside one window that open the breaker (at least 1). */
  readonly threshold: number;
  /** Length of the fixed counting windows, in seconds; windows start at multiples of it since the epoch. */
  readonly windowSeconds: number;
  /** How long the breaker stays open once it opens, in seconds. */
  readonly cooldownSeconds: number;
}

export interface RecordFailureResult {
  /** Failures counted in the window that contains `at`, this one included. */
  readonly count: number;
  /** True for exactly one caller per opening, however many call concurrently. */
  readonly opened: boolean;
  /** Epoch ms until which the breaker is open; set only when this call opened it. */
  readonly openUntil?: number;
}

/**
 * Circuit breakers per job queue and failure class, shared by every decide Lambda (so their state
 * lives in DynamoDB on AWS). A breaker opens when `threshold` failures fall inside one fixed window
 * and stays open for `cooldownSeconds`; while it is open, retries for that queue and class wait until
 * it closes. Implementations: DynamoDB (shared/adapters/aws/dynamodb/breaker.ts) and in-memory
 * (shared/adapters/memory/in-memory-breaker.ts), with identical semantics proven by one contract suite.
 */
export interface BreakerPort {
  /** Epoch ms until which the breaker of `key` is open at `now` (epoch ms), else undefined. */
  pausedUntil(key: BreakerKey, now: number): Promise<number | undefined>;

  /**
   * Counts one failure in the fixed window that contains `at` (epoch ms). When the window's count
   * reaches `settings.threshold` and the breaker is not open at `at`, opens it until
   * `at + cooldownSeconds` and returns `opened: true`, to one caller only, even under concurrent calls.
   */
  recordFailure(key: BreakerKey, at: number, settings: BreakerSettings): Promise<RecordFailureResult>;
}
