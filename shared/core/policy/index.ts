/**
 * Retry policies: the schema (with every limit and cross-field check), parsing a document into
 * problems with JSON paths, rule matching, backoff, policy selection for a job, the hard limits, and
 * import of a native `retryStrategy`. To add a policy field: extend `schema-sections.ts` (or
 * `schema-alerting.ts`, `schema-rules.ts`), then `schema/policy.schema.json` (`batch-retry policy
 * schema`) and docs/policy.md. The schemas are built on first use (compiled-schema.ts).
 */

export { plainIssueMessage } from '../issue-words.js';
export { backoffDelaySeconds, backoffFor } from './backoff.js';
export { InvalidPolicyError, PolicyUnavailableError } from './errors.js';
export { policyJsonSchema } from './json-schema.js';
export { BATCH_RETRY_LIMITS, HARD_LIMITS } from './limits.js';
export {
  type NativeRetryStrategy,
  nativeRetryStrategySchema,
  rulesFromRetryStrategy,
} from './native-retry-strategy.js';
export { type PolicyParseResult, parsePolicyDocument } from './parse-document.js';
export { formatProblem, jsonPath, type PolicyProblem, problemsFromIssues } from './problems.js';
export { matchRule } from './rules.js';
export { POLICY_NAME, type Policy, policySchema } from './schema.js';
export { DEFAULT_POLICY_NAME, type LoadedPolicy, POLICY_TAG, selectPolicy } from './select.js';
export { policyWarnings } from './warnings.js';
