import re2 from './re2js-on-first-use.cjs';

/** A compiled pattern. */
type LinearRegex = ReturnType<ReturnType<typeof re2>['compile']>;

/**
 * Policy rules may opt into regular expressions (`"regex": true`). Those are written by people and
 * run on every failure of every job the policy governs, so they run on RE2's engine (re2js, pure
 * JavaScript): matching takes time linear in the text, whatever the pattern. A pattern built for
 * catastrophic backtracking in JavaScript's own engine (`^(\w+\s?)+$` took 11.7 s on one reason)
 * answers in a millisecond here. RE2 has no lookarounds and no backreferences; such a pattern is
 * refused when the policy is validated. re2js is loaded when a pattern is first checked or run,
 * not at import (re2js-on-first-use.cjs): most policies have none.
 */
const compiled = new Map<string, LinearRegex>();

/** Patterns kept compiled at most; policies hold a few dozen. */
const MAX_COMPILED = 1000;

/** Why `pattern` cannot be run in linear time (it is not RE2 syntax), or undefined when it can. */
export function linearRegexProblem(pattern: string): string | undefined {
  try {
    re2().compile(pattern);
    return undefined;
  } catch (error) {
    const detail =
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return (
      `is not a regular expression batch-retry can run in linear time (RE2 syntax): ${detail}. ` +
      'Lookarounds and backreferences are not supported; rewrite the pattern without them'
    );
  }
}

/** True when `pattern` (RE2 syntax, checked by linearRegexProblem) matches anywhere in `text`. */
export function linearRegexTest(pattern: string, text: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    regex = re2().compile(pattern);
    compiled.set(pattern, regex);
  }
  return regex.test(text);
}
