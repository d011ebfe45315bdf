/**
 * Pattern matching: AWS Batch's `evaluateOnExit` patterns (exact, or a prefix with a final `*`), the
 * `*` globs policies use to match queues, job definitions and job names, and the linear-time (RE2)
 * regular expressions of rules that opt into them.
 */
export { batchPatternProblem, MAX_PATTERN_LENGTH, matchesBatchPattern } from './batch-pattern.js';
export { globMatches, literalLength } from './glob.js';
export { linearRegexProblem, linearRegexTest } from './linear-regex.js';
