import { type NativeRetryStrategy, nativeRetryStrategySchema } from '#core/policy/index.js';
import type { EvaluateOnExit, RetryStrategy } from '#core/ports/index.js';
import { SimulationInputError } from './errors.js';

/** Converts a validated native `retryStrategy` into the SubmitJob shape (actions upper-cased). */
export function toRetryStrategy(strategy: NativeRetryStrategy): RetryStrategy {
  const rules: EvaluateOnExit[] | undefined = strategy.evaluateOnExit?.map((e) => ({
    ...(e.onExitCode === undefined ? {} : { onExitCode: e.onExitCode }),
    ...(e.onReason === undefined ? {} : { onReason: e.onReason }),
    ...(e.onStatusReason === undefined ? {} : { onStatusReason: e.onStatusReason }),
    action: e.action.toUpperCase() === 'EXIT' ? 'EXIT' : 'RETRY',
  }));
  return {
    ...(strategy.attempts === undefined ? {} : { attempts: strategy.attempts }),
    ...(rules === undefined ? {} : { evaluateOnExit: rules }),
  };
}

/**
 * Validates an AWS Batch `retryStrategy` as Batch would accept it (1-10 attempts, at most 5
 * `evaluateOnExit` rules, Batch's pattern characters), for `compare --native <file>`.
 * @throws SimulationInputError naming `source` and the path of each problem
 */
export function parseRetryStrategy(value: unknown, source: string): RetryStrategy {
  const parsed = nativeRetryStrategySchema().safeParse(value);
  if (!parsed.success) throw SimulationInputError.fromIssues(source, parsed.error.issues, value);
  return toRetryStrategy(parsed.data);
}
