import { matchesBatchPattern } from '#core/match/index.js';
import type { EvaluateOnExit, RetryStrategy } from '#core/ports/index.js';

/** The facts of a failed attempt that `evaluateOnExit` looks at. */
export interface FailedAttemptFacts {
  readonly exitCode?: number;
  /** The container `reason`. */
  readonly containerReason?: string;
  /** The attempt `statusReason`. */
  readonly statusReason?: string;
  /** The attempt was stopped at `timeout.attemptDurationSeconds`. */
  readonly timedOut: boolean;
}

function ruleMatches(rule: EvaluateOnExit, facts: FailedAttemptFacts): boolean {
  if (rule.onExitCode !== undefined) {
    const code = facts.exitCode === undefined ? undefined : String(facts.exitCode);
    if (!matchesBatchPattern(rule.onExitCode, code)) return false;
  }
  if (rule.onReason !== undefined && !matchesBatchPattern(rule.onReason, facts.containerReason)) return false;
  if (rule.onStatusReason !== undefined && !matchesBatchPattern(rule.onStatusReason, facts.statusReason)) {
    return false;
  }
  return true;
}

/**
 * What AWS Batch does with a failed attempt under its native `retryStrategy`:
 * - an attempt stopped by the job timeout is never retried;
 * - no attempts left (`attempts`, default 1, counts every attempt including the first) means EXIT;
 * - otherwise the first `evaluateOnExit` rule whose conditions all match decides (`onExitCode`,
 *   `onReason` against the container reason, `onStatusReason` against the attempt status reason;
 *   exact or trailing-`*` prefix patterns; a missing value is matched as the empty string, so only a
 *   bare `*` matches it);
 * - no matching rule (or no rules) means RETRY. Batch requeues at once: no delay, same queue, same
 *   resources.
 */
export function nativeRetryAction(
  strategy: RetryStrategy | undefined,
  facts: FailedAttemptFacts,
  attemptsMade: number,
): 'RETRY' | 'EXIT' {
  if (facts.timedOut) return 'EXIT';
  if (attemptsMade >= (strategy?.attempts ?? 1)) return 'EXIT';
  for (const rule of strategy?.evaluateOnExit ?? []) {
    if (ruleMatches(rule, facts)) return rule.action.toUpperCase() === 'EXIT' ? 'EXIT' : 'RETRY';
  }
  return 'RETRY';
}
