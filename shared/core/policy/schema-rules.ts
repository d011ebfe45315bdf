import * as z from 'zod';
import { CAUSE_NAMES } from '../classify/causes.js';
import { FAILURE_CLASSES } from '../classify/classes.js';
import { builtOnFirstUse } from '../compiled-schema.js';
import { MAX_PATTERN_LENGTH } from '../match/batch-pattern.js';
import { linearRegexProblem } from '../match/linear-regex.js';

const pattern = (what: string) =>
  z
    .string()
    .min(1, { error: 'is empty; write a pattern or leave the field out' })
    .max(MAX_PATTERN_LENGTH, { error: `is longer than ${MAX_PATTERN_LENGTH} characters` })
    .describe(
      `Pattern matched against ${what}: an exact match, or a prefix match when it ends in a single "*" ` +
        '(AWS Batch evaluateOnExit semantics). With "regex": true, a regular expression in RE2 syntax ' +
        '(no lookarounds or backreferences; it runs in linear time) matched anywhere in the text ' +
        '(anchor it with ^ and $).',
    );

const REASON_FIELDS = ['onReason', 'onStatusReason'] as const;

/** Builds the rule schemas, once, on first use (compiled-schema.ts). */
function buildRuleSchemas() {
  /** What a rule (or the default) does with a failure. */
  const ruleAction = z
    .enum(['RETRY', 'EXIT'])
    .describe('RETRY resubmits the job (budgets, backoff and hard limits permitting); EXIT gives up.');

  const failureClassSchema = z.enum(FAILURE_CLASSES);
  const failureCauseSchema = z.enum(CAUSE_NAMES);

  /**
   * One rule in AWS Batch `evaluateOnExit` vocabulary plus `onClass` and opt-in regular expressions.
   * Every condition present must match; a rule needs at least one condition.
   */
  const rule = z
    .strictObject({
      description: z.string().max(1024).optional().describe('Free text shown in explanations.'),
      onExitCode: pattern('the exit code of the decisive container, in decimal').optional(),
      onReason: pattern('the container reason (e.g. "CannotPullContainerError: ...")').optional(),
      onStatusReason: pattern('the attempt status reason, else the job status reason').optional(),
      onClass: z
        .union([failureClassSchema, z.array(failureClassSchema).min(1, { error: 'lists no class' })])
        .optional()
        .describe('The failure class, or a list of classes any of which matches (not an AWS Batch field).'),
      onCause: z
        .union([failureCauseSchema, z.array(failureCauseSchema).min(1, { error: 'lists no cause' })])
        .optional()
        .describe(
          'The cause within the class (docs/classification.md#causes-within-a-class), or a list of causes ' +
            'any of which matches, e.g. ["registry-throttled", "network-timeout"] (not an AWS Batch field).',
        ),
      regex: z
        .boolean()
        .default(false)
        .describe(
          'Opt-in: treat onExitCode, onReason and onStatusReason as regular expressions. Default false.',
        ),
      action: ruleAction,
    })
    .superRefine((rule, ctx) => {
      if (
        rule.onExitCode === undefined &&
        rule.onReason === undefined &&
        rule.onStatusReason === undefined &&
        rule.onClass === undefined &&
        rule.onCause === undefined
      ) {
        ctx.addIssue({
          code: 'custom',
          message:
            'has no condition; give at least one of onExitCode, onReason, onStatusReason, onClass, onCause ' +
            '(use defaultAction for what happens when no rule matches)',
        });
      }
      if (rule.regex) {
        for (const field of ['onExitCode', ...REASON_FIELDS] as const) {
          const source = rule[field];
          if (source === undefined) continue;
          const problem = linearRegexProblem(source);
          if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: problem });
        }
      }
      // An exit-code pattern that can never match is checked with the document (cross-field-problems.ts),
      // so that it is reported once, also when another field of the document is broken.
    });

  return { ruleAction, rule };
}

/**
 * The schemas of a policy's rules, built on first use: `ruleAction`, what a rule (or the default)
 * does with a failure; `rule`, one rule.
 */
export const ruleSchemas = builtOnFirstUse(buildRuleSchemas);

export type PolicyRule = z.infer<ReturnType<typeof ruleSchemas>['rule']>;
