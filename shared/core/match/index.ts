/**
 * Pattern matching: AWS Batch's `evaluateOnExit` patterns (exact, or a prefix with a final `*`) and
 * the `*` globs policies use to match queues, job definitions and job names.
 */
export { batchPatternProblem, MAX_PATTERN_LENGTH, matchesBatchPattern } from './batch-pattern.js';
export { globMatches, literalLength } from './glob.js';
