import type { NormalisedJob } from '../events/types.js';
import { globMatches, literalLength } from '../match/glob.js';
import type { Policy } from './schema.js';

/** A validated policy as loaded from its store. `version` is the SSM parameter version (files: 1). */
export interface LoadedPolicy {
  readonly name: string;
  readonly version: number;
  readonly policy: Policy;
}

/** The job tag that names a job's policy explicitly; resubmitted jobs carry it too. */
export const POLICY_TAG = 'batch-retry:policy';

/** The policy used when nothing else matches, if one with this name exists. */
export const DEFAULT_POLICY_NAME = 'default';

/**
 * How specific a policy's match is for one job, compared field by field in this order:
 * 1. `criteria`: matched criteria (the queue, the job definition, the job name: 1 each; each tag: 1);
 * 2. `exact`: how many of them matched without a `*`;
 * 3. `literal`: characters of the matching patterns that are not `*`.
 * Remaining ties go to the policy whose name sorts first, so the choice is always the same.
 */
interface Specificity {
  readonly criteria: number;
  readonly exact: number;
  readonly literal: number;
  readonly matched: readonly string[];
}

function lastSegment(arn: string, separator: string): string {
  return arn.slice(arn.lastIndexOf(separator) + 1);
}

function jobDefinitionSubject(pattern: string, arn: string): string {
  if (pattern.startsWith('arn:')) return arn;
  const nameAndRevision = lastSegment(arn, '/');
  if (pattern.includes(':')) return nameAndRevision;
  const colon = nameAndRevision.lastIndexOf(':');
  return colon === -1 ? nameAndRevision : nameAndRevision.slice(0, colon);
}

/** The most literal pattern in `patterns` that matches, or undefined. */
function bestPattern(patterns: readonly string[], subject: (pattern: string) => string): string | undefined {
  const matching = patterns.filter((p) => globMatches(p, subject(p)));
  return matching.sort((a, b) => literalLength(b) - literalLength(a))[0];
}

/** Undefined when the policy does not match the job (or has no criteria: it is then tag-only). */
function specificity(match: Policy['match'], job: NormalisedJob): Specificity | undefined {
  let criteria = 0;
  let exact = 0;
  let literal = 0;
  const matched: string[] = [];
  const count = (label: string, pattern: string, extraLiteral = 0) => {
    criteria += 1;
    exact += pattern.includes('*') ? 0 : 1;
    literal += literalLength(pattern) + extraLiteral;
    matched.push(label);
  };
  if (match.queues !== undefined) {
    const queue = match.queues.find((q) => q === job.jobQueue || q === lastSegment(job.jobQueue, '/'));
    if (queue === undefined) return undefined;
    count(`queue ${queue}`, queue);
  }
  if (match.jobDefinitions !== undefined) {
    const pattern = bestPattern(match.jobDefinitions, (p) => jobDefinitionSubject(p, job.jobDefinition));
    if (pattern === undefined) return undefined;
    count(`job definition ${pattern}`, pattern);
  }
  if (match.jobNames !== undefined) {
    const pattern = bestPattern(match.jobNames, () => job.jobName);
    if (pattern === undefined) return undefined;
    count(`job name ${pattern}`, pattern);
  }
  for (const [key, valuePattern] of Object.entries(match.tags ?? {})) {
    const value = job.tags[key];
    if (value === undefined || !globMatches(valuePattern, value)) return undefined;
    count(`tag ${key}=${valuePattern}`, valuePattern, key.length);
  }
  return criteria === 0 ? undefined : { criteria, exact, literal, matched };
}

function compare(a: { s: Specificity; p: LoadedPolicy }, b: { s: Specificity; p: LoadedPolicy }): number {
  return (
    b.s.criteria - a.s.criteria ||
    b.s.exact - a.s.exact ||
    b.s.literal - a.s.literal ||
    (a.p.name < b.p.name ? -1 : a.p.name > b.p.name ? 1 : 0)
  );
}

/**
 * Chooses the policy that governs `job`, in this order:
 * 1. the policy named by the job's `batch-retry:policy` tag (when that policy is loaded);
 * 2. the most specific policy whose `match` fits the job (see {@link Specificity});
 * 3. the policy named `default`;
 * 4. none: the job is unmanaged and its failures are ignored.
 * `why` says which step chose, for logs and `batch-retry explain`.
 */
export function selectPolicy(
  job: NormalisedJob,
  policies: readonly LoadedPolicy[],
): { policy: LoadedPolicy; why: string } | undefined {
  const tagged = job.tags[POLICY_TAG];
  let note = '';
  if (tagged !== undefined) {
    const named = policies.find((p) => p.name === tagged);
    if (named !== undefined) return { policy: named, why: `the job is tagged ${POLICY_TAG}=${tagged}` };
    note = `the job is tagged ${POLICY_TAG}=${tagged} but no policy of that name is loaded; `;
  }
  const candidates = policies
    .map((p) => ({ p, s: specificity(p.policy.match, job) }))
    .filter((c): c is { p: LoadedPolicy; s: Specificity } => c.s !== undefined)
    .sort(compare);
  const best = candidates[0];
  if (best !== undefined) {
    const others = candidates.slice(1).map((c) => c.p.name);
    const beat = others.length === 0 ? '' : ` (more specific than ${others.join(', ')})`;
    return { policy: best.p, why: `${note}its match fits on ${best.s.matched.join(', ')}${beat}` };
  }
  const fallback = policies.find((p) => p.name === DEFAULT_POLICY_NAME);
  if (fallback !== undefined) {
    return {
      policy: fallback,
      why: `${note}no policy's match fits the job; the policy named default applies`,
    };
  }
  return undefined;
}
