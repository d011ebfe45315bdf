import * as z from 'zod';
import { FAILURE_CLASSES } from '../classify/classes.js';
import { MAX_PATTERN_LENGTH } from '../match/batch-pattern.js';

/** What a rule (or the default) does with a failure. */
export const ruleActionSchema = z
  .enum(['RETRY', 'EXIT'])
  .describe('RETRY resubmits the job (budgets, backoff and hard limits permitting); EXIT gives up.');

const pattern = (what: string) =>
  z
    .string()
    .min(1, { error: 'is empty; write a pattern or leave the field out' })
    .max(MAX_PATTERN_LENGTH, { error: `is longer than ${MAX_PATTERN_LENGTH} characters` })
    .describe(
      `Pattern matched against ${what}: an exact match, or a prefix match when it ends in a single "*" ` +
        '(AWS Batch evaluateOnExit semantics). With "regex": true, a JavaScript regular expression ' +
        'matched anywhere in the text (anchor it with ^ and $).',
    );

const failureClassSchema = z.enum(FAILURE_CLASSES);

const REASON_FIELDS = ['onReason', 'onStatusReason'] as const;

/**
 * One rule in AWS Batch `evaluateOnExit` vocabulary plus `onClass` and opt-in regular expressions.
 * Every condition present must match; a rule needs at least one condition.
 */
export const policyRuleSchema = z
  .strictObject({
    description: z.string().max(1024).optional().describe('Free text shown in explanations.'),
    onExitCode: pattern('the exit code of the decisive container, in decimal').optional(),
    onReason: pattern('the container reason (e.g. "CannotPullContainerError: ...")').optional(),
    onStatusReason: pattern('the attempt status reason, else the job status reason').optional(),
    onClass: z
      .union([failureClassSchema, z.array(failureClassSchema).min(1, { error: 'lists no class' })])
      .optional()
      .describe('The failure class, or a list of classes any of which matches (not an AWS Batch field).'),
    regex: z
      .boolean()
      .default(false)
      .describe(
        'Opt-in: treat onExitCode, onReason and onStatusReason as regular expressions. Default false.',
      ),
    action: ruleActionSchema,
  })
  .superRefine((rule, ctx) => {
    if (
      rule.onExitCode === undefined &&
      rule.onReason === undefined &&
      rule.onStatusReason === undefined &&
      rule.onClass === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        message:
          'has no condition; give at least one of onExitCode, onReason, onStatusReason, onClass ' +
          '(use defaultAction for what happens when no rule matches)',
      });
    }
    if (rule.regex) {
      for (const field of ['onExitCode', ...REASON_FIELDS] as const) {
        const source = rule[field];
        if (source === undefined) continue;
        try {
          new RegExp(source);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `is not a valid regular expression: ${(error as Error).message}`,
          });
        }
      }
    }
    // An exit-code pattern that can never match is checked with the document (cross-field-problems.ts),
    // so that it is reported once, also when another field of the document is broken.
  });

export type PolicyRule = z.infer<typeof policyRuleSchema>;
