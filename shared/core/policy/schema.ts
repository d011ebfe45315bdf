import * as z from 'zod';
import { builtOnFirstUse } from '../compiled-schema.js';
import { crossFieldProblems } from './cross-field-problems.js';
import { HARD_LIMITS } from './limits.js';
import { nativeRetryStrategySchema, rulesFromRetryStrategy } from './native-retry-strategy.js';
import { alertingSections } from './schema-alerting.js';
import { ruleSchemas } from './schema-rules.js';
import { DEFAULT_TOTAL_ATTEMPTS, policySections } from './schema-sections.js';

/** A policy name: also the last part of its SSM parameter name and the value of the selection tag. */
export const POLICY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** The document as written, field by field. */
function documentSchema() {
  const sections = policySections();
  const rules = ruleSchemas();
  const alerting = alertingSections();
  return z.strictObject({
    $schema: z.string().optional().describe('Path or URL of policy.schema.json, for editor completion.'),
    schemaVersion: z.literal(1, { error: 'must be 1 (the only policy format there is)' }),
    name: z
      .string()
      .regex(POLICY_NAME, { error: 'must be 1-64 letters, digits, ".", "_" or "-"' })
      .describe('Unique name; jobs tagged batch-retry:policy=<name> use this policy.'),
    description: z.string().max(4096).optional().describe('Free text for people.'),
    match: sections.match.prefault({}),
    batchCompatible: z
      .boolean()
      .optional()
      .describe(
        'Behave exactly as AWS Batch retryStrategy: no match means RETRY, at most 5 rules, Batch pattern ' +
          'limits, no onClass and no regex. Default false, or true when retryStrategy is given.',
      ),
    rules: z
      .array(rules.rule)
      .max(HARD_LIMITS.maxRules, { error: `has more than ${HARD_LIMITS.maxRules} rules` })
      .optional()
      .describe('Evaluated top-down; the first rule whose conditions all match decides. Default [].'),
    retryStrategy: nativeRetryStrategySchema().optional(),
    defaultAction: rules.ruleAction
      .optional()
      .describe('What happens when no rule matches. Default EXIT, or RETRY when batchCompatible.'),
    budgets: sections.budgets.prefault({}),
    backoff: sections.backoff.prefault({}),
    escalate: sections.escalate.optional(),
    fallback: sections.fallback.optional(),
    arrayChildren: sections.arrayChildren.default({ mode: 'alert-only' }),
    alerts: alerting.alerts.prefault({}),
    breaker: alerting.breaker.prefault({}),
  });
}

type Document = z.output<ReturnType<typeof documentSchema>>;

function checkCrossFields(doc: Document, ctx: z.RefinementCtx): void {
  for (const { path, message } of crossFieldProblems(doc)) {
    ctx.addIssue({ code: 'custom', path: [...path], message });
  }
}

function normalise(doc: Document) {
  const { $schema: _schema, retryStrategy, rules, batchCompatible, defaultAction, budgets, ...rest } = doc;
  const compatible = batchCompatible ?? retryStrategy !== undefined;
  return {
    ...rest,
    batchCompatible: compatible,
    rules: rules ?? (retryStrategy === undefined ? [] : rulesFromRetryStrategy(retryStrategy)),
    defaultAction: defaultAction ?? (compatible ? ('RETRY' as const) : ('EXIT' as const)),
    budgets: {
      ...budgets,
      total:
        budgets.total ??
        (retryStrategy === undefined ? DEFAULT_TOTAL_ATTEMPTS : (retryStrategy.attempts ?? 1)),
    },
  };
}

/**
 * A retry policy document (`schemaVersion: 1`). Parsing fills every default, converts a native
 * `retryStrategy` into `rules` + `budgets.total`, and resolves `batchCompatible` and `defaultAction`,
 * so a parsed {@link Policy} has no optional behaviour left to guess. Unknown fields are rejected
 * (a typo such as `onExitcode` must not silently change what is retried). Built on first use
 * (compiled-schema.ts): a function builds it when it first reads its policies.
 */
export const policySchema = builtOnFirstUse(() =>
  documentSchema()
    .superRefine(checkCrossFields)
    .transform(normalise)
    .describe('A batch-retry-orchestrator retry policy.'),
);

/** A validated policy with every default filled in. */
export type Policy = z.output<ReturnType<typeof policySchema>>;

/** A policy document as written (defaults not yet applied). */
export type PolicyDocument = z.input<ReturnType<typeof policySchema>>;
