/**
 * The pattern language of AWS Batch `retryStrategy.evaluateOnExit` (`onExitCode`, `onReason`,
 * `onStatusReason`): an exact, case-sensitive match, or a prefix match when the pattern ends in a
 * single `*` (so `*` alone matches everything). Batch limits a pattern to 512 characters; in the
 * reason patterns it allows only letters, digits, `.`, `:` and white space (spaces, tabs), and in
 * `onExitCode` only digits.
 */
export const MAX_PATTERN_LENGTH = 512;

/** Which `evaluateOnExit` field a pattern belongs to; decides the allowed characters. */
export type PatternKind = 'exitCode' | 'reason';

/**
 * True when `text` matches `pattern` as AWS Batch would match it. A missing value (no exit code
 * because the host vanished, no container reason) is matched as the empty string, so only a bare `*`
 * matches it: AWS documents `{"onReason": "*", "action": "EXIT"}` as "exit for any reason".
 */
export function matchesBatchPattern(pattern: string, text: string | undefined): boolean {
  const value = text ?? '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

/** Batch allows letters, digits, `.`, `:` and white space, which it documents as spaces and tabs. */
const REASON_CHAR = /^[A-Za-z0-9.: \t]$/;
const EXIT_CODE_CHAR = /^[0-9]$/;

/**
 * Checks a pattern against Batch's limits. Returns undefined when Batch would accept it, otherwise a
 * sentence naming what broke the limit: the offending character and its 1-based position (counted
 * in characters as a person sees them, so an emoji is one position).
 */
export function batchPatternProblem(pattern: string, kind: PatternKind): string | undefined {
  const chars = Array.from(pattern);
  if (chars.length === 0) return 'is empty; AWS Batch needs at least one character';
  if (chars.length > MAX_PATTERN_LENGTH) {
    return `is ${chars.length} characters long; AWS Batch allows at most ${MAX_PATTERN_LENGTH}`;
  }
  const allowed = kind === 'exitCode' ? EXIT_CODE_CHAR : REASON_CHAR;
  const what = kind === 'exitCode' ? 'only digits' : 'only letters, digits, ".", ":" and white space';
  for (const [i, ch] of chars.entries()) {
    if (ch === '*' && i === chars.length - 1) continue;
    if (ch === '*') {
      return `has "*" at position ${i + 1}; AWS Batch allows a single "*" only as the last character`;
    }
    if (!allowed.test(ch)) {
      return `has ${JSON.stringify(ch)} at position ${i + 1}; AWS Batch allows ${what} (and a final "*")`;
    }
  }
  return undefined;
}
