import type { FailureCause } from '../classify/causes.js';
import type { FailureClass } from '../classify/classes.js';
import { matchesBatchPattern } from '../match/batch-pattern.js';
import { linearRegexTest } from '../match/linear-regex.js';
import type { Policy } from './schema.js';
import type { PolicyRule } from './schema-rules.js';

/** The facts of one failed attempt that rules are matched against. */
export interface RuleFacts {
  /** Exit code of the decisive container; absent when the container never ran or the host vanished. */
  readonly exitCode?: number;
  /** Container reason (`onReason` matches this). */
  readonly containerReason?: string;
  /** Attempt status reason, else the job status reason (`onStatusReason` matches this). */
  readonly statusReason?: string;
  readonly failureClass: FailureClass;
  /** The cause within the class (the classification evidence's); absent when not known. */
  readonly cause?: FailureCause;
}

/** The outcome of rule evaluation. `ruleIndex` is 0-based and absent when no rule matched. */
export interface RuleMatch {
  readonly action: 'RETRY' | 'EXIT';
  readonly ruleIndex?: number;
  /** One sentence for logs, alerts and `batch-retry explain`. */
  readonly explanation: string;
}

function textMatches(rule: PolicyRule, pattern: string | undefined, text: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (!rule.regex) return matchesBatchPattern(pattern, text);
  return text !== undefined && linearRegexTest(pattern, text);
}

function ruleMatches(rule: PolicyRule, facts: RuleFacts): boolean {
  if (rule.onClass !== undefined) {
    const classes: readonly FailureClass[] = typeof rule.onClass === 'string' ? [rule.onClass] : rule.onClass;
    if (!classes.includes(facts.failureClass)) return false;
  }
  if (rule.onCause !== undefined) {
    const causes: readonly FailureCause[] = typeof rule.onCause === 'string' ? [rule.onCause] : rule.onCause;
    if (facts.cause === undefined || !causes.includes(facts.cause)) return false;
  }
  const exitCode = facts.exitCode === undefined ? undefined : String(facts.exitCode);
  return (
    textMatches(rule, rule.onExitCode, exitCode) &&
    textMatches(rule, rule.onReason, facts.containerReason) &&
    textMatches(rule, rule.onStatusReason, facts.statusReason)
  );
}

function describeRule(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.onClass !== undefined) parts.push(`onClass ${JSON.stringify(rule.onClass)}`);
  if (rule.onCause !== undefined) parts.push(`onCause ${JSON.stringify(rule.onCause)}`);
  for (const field of ['onExitCode', 'onReason', 'onStatusReason'] as const) {
    const value = rule[field];
    if (value !== undefined) parts.push(`${field} ${rule.regex ? `/${value}/` : JSON.stringify(value)}`);
  }
  return parts.join(', ');
}

/**
 * Evaluates the policy's rules top-down; the first rule whose conditions all match decides. When no
 * rule matches, `defaultAction` decides (RETRY for `batchCompatible` policies, as AWS Batch does).
 * Patterns use AWS Batch semantics (exact, or prefix with a final `*`) unless the rule opts into
 * `regex`. A condition on a fact the attempt does not have (e.g. `onExitCode` with no exit code) is
 * matched against the empty string, as AWS Batch does: only a bare `*` matches it. A `regex` condition
 * never matches a missing fact.
 */
export function matchRule(policy: Policy, facts: RuleFacts): RuleMatch {
  for (const [index, rule] of policy.rules.entries()) {
    if (!ruleMatches(rule, facts)) continue;
    const label = rule.description === undefined ? '' : ` "${rule.description}"`;
    return {
      action: rule.action,
      ruleIndex: index,
      explanation: `rules[${index}]${label} (${describeRule(rule)}) matched: ${rule.action}`,
    };
  }
  const why = policy.batchCompatible
    ? 'AWS Batch retries when no evaluateOnExit condition matches'
    : 'defaultAction';
  return {
    action: policy.defaultAction,
    explanation: `no rule of policy ${policy.name} matched (${facts.failureClass} failure); ${why}: ${policy.defaultAction}`,
  };
}
