import { readdirSync, readFileSync } from 'node:fs';
import type { Parameter } from '@aws-sdk/client-ssm';
import { type PolicyDocument, policySchema } from '#core/policy/schema.js';
import type { LoadedPolicy } from '#core/policy/select.js';

/** Name of every policy built by {@link loadedPolicy} unless the document names another. */
export const TEST_POLICY_NAME = 'test-policy';

/**
 * A policy as a PolicySource would serve it: `document` completed with `schemaVersion: 1` and the
 * name `test-policy` (unless given), validated and defaulted by `policySchema().parse` (throws on an
 * invalid document, so a test never runs on a policy the schema would refuse).
 */
export function loadedPolicy(document: Partial<PolicyDocument> = {}, version = 1): LoadedPolicy {
  const policy = policySchema().parse({ schemaVersion: 1, name: TEST_POLICY_NAME, ...document });
  return { name: policy.name, version, policy };
}

const EXAMPLE_POLICIES = new URL('../../examples/policies/', import.meta.url);

/**
 * The example policies (examples/policies/*.json) as SSM GetParametersByPath returns them under
 * `prefix`: one String parameter each, all at `version`.
 */
export function examplePolicyParameters(prefix: string, version: number): Parameter[] {
  return readdirSync(EXAMPLE_POLICIES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      Name: `${prefix}${file.slice(0, -'.json'.length)}`,
      Type: 'String',
      Value: readFileSync(new URL(file, EXAMPLE_POLICIES), 'utf8'),
      Version: version,
    }));
}

/**
 * The policy AWS requests per outcome are counted under (request-counts.test.ts and the requests
 * figure of `npm run bench`): on `queue`, lost hosts retried after 60 s, exit code 3 given up on,
 * everything else retried; with `breaker` false, its breaker is off.
 */
export function requestCountPolicy(name: string, queue: string, breaker: boolean) {
  return {
    schemaVersion: 1,
    name,
    match: { queues: [queue] },
    rules: [
      { onClass: 'infrastructure', action: 'RETRY' },
      { onExitCode: '3', action: 'EXIT' },
    ],
    defaultAction: 'RETRY',
    backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
    ...(breaker ? {} : { breaker: { enabled: false } }),
  };
}
