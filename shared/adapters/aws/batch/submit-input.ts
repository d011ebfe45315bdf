import type { SubmitJobCommandInput } from '@aws-sdk/client-batch';
import type { RetryStrategy, SubmitJobInput } from '#core/ports/index.js';

type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

/**
 * The port's SubmitJob request as the SDK command input. The port mirrors the Batch API field for
 * field (with readonly collections), so this is a deep copy; the compiler checks that every port
 * shape is one the SDK accepts. `evaluateOnExit[].action` is upper-cased (Batch accepts either case,
 * the SDK type only the upper one).
 */
export function toSubmitJobCommandInput(input: SubmitJobInput): SubmitJobCommandInput {
  const { retryStrategy, ...rest } = structuredClone(input) as DeepMutable<SubmitJobInput>;
  return {
    ...rest,
    ...(retryStrategy === undefined ? {} : { retryStrategy: toSdkRetryStrategy(retryStrategy) }),
  };
}

function toSdkRetryStrategy(
  strategy: DeepMutable<RetryStrategy>,
): NonNullable<SubmitJobCommandInput['retryStrategy']> {
  const { evaluateOnExit, ...rest } = strategy;
  return {
    ...rest,
    ...(evaluateOnExit === undefined
      ? {}
      : {
          evaluateOnExit: evaluateOnExit.map((rule) => ({
            ...rule,
            action: rule.action.toUpperCase() === 'EXIT' ? 'EXIT' : 'RETRY',
          })),
        }),
  };
}
