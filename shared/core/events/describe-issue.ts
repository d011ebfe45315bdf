import type { z } from 'zod';
import { plainIssueMessage } from '../issue-words.js';

/** Keys longer than this are shortened in a path, so that a huge key is never echoed whole. */
const MAX_KEY_CHARS = 60;

/** A validation problem in plain words: the JSON path of the offending value and what is wrong with it. */
export interface FieldProblem {
  /** JSON path such as `detail.attempts[0].container.exitCode`; empty for the document itself. */
  readonly field: string;
  readonly problem: string;
}

/** Formats a path as `a.b[0].c`, prefixed with `prefix` (itself a formatted path, or ''). */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? shortKey(String(key)) : `.${shortKey(String(key))}`;
  }
  return out;
}

function shortKey(key: string): string {
  return key.length <= MAX_KEY_CHARS ? key : `${key.slice(0, 20)}...(a key of ${key.length} characters)`;
}

/** Says what a value is, briefly, for an error message (never echoes a long value). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') {
    return value.length <= 60 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  record: 'an object',
};

/** The value at `path` inside `root` (a zod issue's path); undefined where the path leads nowhere. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Converts zod issues into {@link FieldProblem}s, one per issue, so that callers never see zod's own
 * wording. `root` is the value that was validated (used to say what was found); `prefix` is the path
 * of `root` inside the whole document.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  prefix = '',
): FieldProblem[] {
  if (issues.length === 0) return [{ field: prefix, problem: 'is not valid' }];
  return issues.map((issue) => ({
    field: formatPath(issue.path, prefix),
    problem: problemOf(issue, valueAt(root, issue.path)),
  }));
}

function problemOf(issue: z.core.$ZodIssue, actual: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (actual === undefined) return `is missing; every Batch job state change has it (${expected})`;
      return `should be ${expected} but is ${describeValue(actual)}`;
    }
    case 'too_big': {
      const length = typeof actual === 'string' || Array.isArray(actual) ? actual.length : undefined;
      const unit = issue.origin === 'string' ? 'characters' : 'items';
      return `is too long (${length ?? 'more than'} ${unit}); at most ${String(issue.maximum)} are accepted`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const found = actual === undefined ? 'missing' : describeValue(actual);
      return `is ${found}; expected ${issue.values.length > 1 ? 'one of ' : ''}${allowed}`;
    }
    case 'invalid_key': {
      const [why] = issue.issues;
      return `has a key that is not accepted${why === undefined ? '' : `: the key ${plainIssueMessage(why)}`}`;
    }
    default:
      // In our words, not zod's: zod/mini, which the event schemas use, installs no messages.
      return `is not valid (${plainIssueMessage(issue)})`;
  }
}
