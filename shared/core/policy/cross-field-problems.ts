import type { z } from 'zod';
import { builtOnFirstUse } from '../compiled-schema.js';
import { batchPatternProblem } from '../match/batch-pattern.js';
import { BATCH_RETRY_LIMITS } from './limits.js';
import { ruleSchemas } from './schema-rules.js';
import { DEFAULT_TOTAL_ATTEMPTS, policySections } from './schema-sections.js';

/** A problem found by {@link crossFieldProblems}: `path` as zod paths are (`['rules', 2, 'onReason']`). */
export interface CrossFieldProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Fields = Readonly<Record<string, unknown>>;

/** The field schemas the checks read values with, from the sections' schemas (built on first use). */
const fieldSchemas = builtOnFirstUse(() => {
  const { budgets, backoff } = policySections();
  return {
    rule: ruleSchemas().rule.shape,
    retries: budgets.shape.perClass.unwrap().valueType,
    total: budgets.shape.total,
    classBackoff: backoff.shape.perClass.unwrap().valueType.shape,
    baseSeconds: backoff.shape.baseSeconds,
    capSeconds: backoff.shape.capSeconds,
  };
});

function fields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

/**
 * A field's value as its own schema reads it (its default filled in when it is left out), or
 * undefined when that schema rejects it: the field-level check reports that problem, and a
 * cross-field check built on a wrong value would only add noise.
 */
function valid<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

/**
 * The checks that read more than one field of a policy document: budgets.perClass against
 * budgets.total, backoff base against cap, retryStrategy beside rules or budgets.total, exit-code
 * patterns that can never match, and (with `batchCompatible: true`) the limits of AWS Batch
 * `evaluateOnExit`. Tolerates a partial or broken document (raw JSON, or the schema's own output):
 * a check runs only when the fields it reads have values their own schemas accept, so
 * `batch-retry policy validate` can list these problems beside the field-level ones in one run.
 */
export function crossFieldProblems(document: unknown): CrossFieldProblem[] {
  const doc = fields(document);
  if (doc === undefined) return [];
  const problems: CrossFieldProblem[] = [];
  const issue = (path: (string | number)[], message: string) => problems.push({ path, message });
  const budgets = fields(doc.budgets) ?? {};
  if (doc.retryStrategy !== undefined && doc.rules !== undefined) {
    issue(
      ['retryStrategy'],
      'cannot be given together with rules; convert it with `batch-retry policy import`',
    );
  }
  if (fields(doc.retryStrategy)?.attempts !== undefined && budgets.total !== undefined) {
    issue(['budgets', 'total'], 'cannot be given together with retryStrategy.attempts; keep one of them');
  }
  if (doc.retryStrategy === undefined) {
    const total =
      budgets.total === undefined ? DEFAULT_TOTAL_ATTEMPTS : valid(fieldSchemas().total, budgets.total);
    if (total !== undefined) checkPerClassBudgets(fields(budgets.perClass) ?? {}, total, issue);
  }
  checkBackoff(fields(doc.backoff) ?? {}, issue);
  const rules = Array.isArray(doc.rules) ? doc.rules : [];
  rules.forEach((rule, i) => {
    const r = fields(rule);
    const onExitCode = r === undefined ? undefined : valid(fieldSchemas().rule.onExitCode, r.onExitCode);
    if (onExitCode === undefined || valid(fieldSchemas().rule.regex, r?.regex) !== false) return;
    const problem = batchPatternProblem(onExitCode, 'exitCode');
    if (problem !== undefined)
      issue(['rules', i, 'onExitCode'], `can never match an exit code: it ${problem}`);
  });
  if (doc.batchCompatible === true) checkBatchCompatible(doc, rules, issue);
  return problems;
}

function checkPerClassBudgets(
  perClass: Fields,
  total: number,
  issue: (path: (string | number)[], message: string) => void,
): void {
  for (const [cls, value] of Object.entries(perClass)) {
    const retries = valid(fieldSchemas().retries, value);
    if (retries !== undefined && retries > total - 1) {
      issue(
        ['budgets', 'perClass', cls],
        `allows ${retries} retries but budgets.total (${total}) leaves room for only ${total - 1}; ` +
          `raise budgets.total to at least ${retries + 1}`,
      );
    }
  }
}

function checkBackoff(backoff: Fields, issue: (path: (string | number)[], message: string) => void): void {
  const schemas = fieldSchemas();
  const baseSeconds = valid(schemas.baseSeconds, backoff.baseSeconds);
  const capSeconds = valid(schemas.capSeconds, backoff.capSeconds);
  if (baseSeconds !== undefined && capSeconds !== undefined && baseSeconds > capSeconds) {
    issue(['backoff', 'baseSeconds'], `is above backoff.capSeconds (${capSeconds})`);
  }
  for (const [cls, value] of Object.entries(fields(backoff.perClass) ?? {})) {
    const override = fields(value);
    if (override === undefined) continue;
    const base =
      override.baseSeconds === undefined
        ? baseSeconds
        : valid(schemas.classBackoff.baseSeconds, override.baseSeconds);
    const cap =
      override.capSeconds === undefined
        ? capSeconds
        : valid(schemas.classBackoff.capSeconds, override.capSeconds);
    if (base !== undefined && cap !== undefined && base > cap) {
      issue(['backoff', 'perClass', cls, 'baseSeconds'], `${base} is above the cap for ${cls} (${cap})`);
    }
  }
}

function checkBatchCompatible(
  doc: Fields,
  rules: readonly unknown[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  if (doc.defaultAction === 'EXIT') {
    issue(
      ['defaultAction'],
      'must be RETRY when batchCompatible is true (AWS Batch retries when no rule matches)',
    );
  }
  if (rules.length > BATCH_RETRY_LIMITS.maxEvaluateOnExit) {
    issue(
      ['rules'],
      `has ${rules.length} rules; AWS Batch allows at most ${BATCH_RETRY_LIMITS.maxEvaluateOnExit}`,
    );
  }
  rules.forEach((rule, i) => {
    const r = fields(rule);
    if (r === undefined) return;
    if (r.regex === true) issue(['rules', i, 'regex'], 'must be false when batchCompatible is true');
    for (const field of ['onClass', 'onCause'] as const) {
      if (r[field] !== undefined) {
        issue(['rules', i, field], 'is not an AWS Batch condition; set batchCompatible to false to use it');
      }
    }
    const ruleFields = fieldSchemas().rule;
    if (valid(ruleFields.regex, r.regex) !== false) return;
    // onExitCode is checked for every policy (an exit code is digits whatever the mode), above.
    for (const field of ['onReason', 'onStatusReason'] as const) {
      const value = valid(ruleFields[field], r[field]);
      const problem = value === undefined ? undefined : batchPatternProblem(value, 'reason');
      if (problem !== undefined) issue(['rules', i, field], problem);
    }
  });
}
