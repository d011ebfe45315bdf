import type { z } from 'zod';
import { FAILURE_CLASSES } from '../classify/classes.js';

/**
 * One reason a policy document was rejected. `path` is a JSON path into the document such as
 * `rules[2].onReason` (empty for the document as a whole); `message` says what is wrong and, where it
 * can, what to write instead.
 */
export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

/** `<input>: <json path>: <message>`, the one line format of a policy problem (CLI, errors, alerts). */
export function formatProblem(input: string, problem: PolicyProblem): string {
  return `${input}: ${problem.path === '' ? '(document)' : problem.path}: ${problem.message}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path like `['rules', 2, 'onReason']` as `rules[2].onReason`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

function describeInput(input: unknown): string {
  const text = JSON.stringify(input);
  return text === undefined ? String(input) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Turns zod issues into problems, one per offending field: an unknown key becomes a problem at that
 * key's own path, and a missing required field says so in words. Issues must come from a parse with
 * `reportInput: true` for the offending value to be quoted.
 */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const parent = issue.path[issue.path.length - 1];
      for (const key of issue.keys) {
        problems.push({
          path: jsonPath([...issue.path, key]),
          message:
            parent === 'perClass'
              ? `is not a failure class; use one of ${FAILURE_CLASSES.join(', ')}`
              : 'is not a known field (check its spelling and where it sits)',
        });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = `is required (${issue.expected})`;
    } else if (issue.code === 'invalid_value' && issue.input === undefined) {
      message = `is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
    } else if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.input !== undefined) {
      message = `${message} (got ${Array.isArray(issue.input) ? `${issue.input.length} entries` : describeInput(issue.input)})`;
    } else if (issue.code === 'invalid_value' && issue.input !== undefined) {
      message = `${message} (got ${describeInput(issue.input)})`;
    }
    problems.push({ path: jsonPath(issue.path), message });
  }
  return problems;
}
