import * as z from 'zod';
import { builtOnFirstUse } from '../compiled-schema.js';
import { batchPatternProblem } from '../match/batch-pattern.js';
import { BATCH_RETRY_LIMITS } from './limits.js';
import type { PolicyRule } from './schema-rules.js';

/**
 * An AWS Batch `retryStrategy` exactly as Batch accepts it (job definition or SubmitJob), for
 * pasting into a policy or for `batch-retry policy import`.
 * Built on first use (compiled-schema.ts).
 */
export const nativeRetryStrategySchema = builtOnFirstUse(() => {
  /** Batch accepts the action in any letter case. */
  const nativeAction = z
    .string()
    .regex(/^([Rr][Ee][Tt][Rr][Yy]|[Ee][Xx][Ii][Tt])$/, { error: 'must be RETRY or EXIT (any letter case)' });

  const nativeEvaluateOnExit = z
    .strictObject({
      onExitCode: z.string().optional(),
      onReason: z.string().optional(),
      onStatusReason: z.string().optional(),
      action: nativeAction,
    })
    .superRefine((entry, ctx) => {
      if (
        entry.onExitCode === undefined &&
        entry.onReason === undefined &&
        entry.onStatusReason === undefined
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'has no condition; give onExitCode, onReason or onStatusReason',
        });
      }
      for (const [field, kind] of [
        ['onExitCode', 'exitCode'],
        ['onReason', 'reason'],
        ['onStatusReason', 'reason'],
      ] as const) {
        const value = entry[field];
        const problem = value === undefined ? undefined : batchPatternProblem(value, kind);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: problem });
      }
    });

  return z
    .strictObject({
      attempts: z
        .number()
        .int()
        .min(1, { error: 'must be at least 1 (AWS Batch allows 1 to 10)' })
        .max(BATCH_RETRY_LIMITS.maxAttempts, {
          error: `must be at most ${BATCH_RETRY_LIMITS.maxAttempts} (AWS Batch allows 1 to 10)`,
        })
        .optional()
        .describe('Total attempts including the first, 1 to 10. AWS Batch default: 1 (no retry).'),
      evaluateOnExit: z
        .array(nativeEvaluateOnExit)
        .max(BATCH_RETRY_LIMITS.maxEvaluateOnExit, {
          error: `has more than ${BATCH_RETRY_LIMITS.maxEvaluateOnExit} entries; AWS Batch allows at most 5`,
        })
        .optional()
        .describe('Up to 5 conditions; the first match wins; no match means RETRY.'),
    })
    .describe(
      'A native AWS Batch retryStrategy. Converted into rules (batchCompatible: true, implicit RETRY) and ' +
        'budgets.total = attempts. Give either this or rules, not both.',
    );
});

export type NativeRetryStrategy = z.infer<ReturnType<typeof nativeRetryStrategySchema>>;

/** Converts a native `retryStrategy` into rules with exactly the meaning Batch gives them. */
export function rulesFromRetryStrategy(strategy: NativeRetryStrategy): PolicyRule[] {
  return (strategy.evaluateOnExit ?? []).map((entry) => ({
    ...(entry.onExitCode === undefined ? {} : { onExitCode: entry.onExitCode }),
    ...(entry.onReason === undefined ? {} : { onReason: entry.onReason }),
    ...(entry.onStatusReason === undefined ? {} : { onStatusReason: entry.onStatusReason }),
    regex: false,
    action: entry.action.toUpperCase() === 'RETRY' ? 'RETRY' : 'EXIT',
  }));
}
