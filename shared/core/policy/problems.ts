import type { z } from 'zod';
import { FAILURE_CLASSES } from '../classify/classes.js';
import { closestWord } from './did-you-mean.js';

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

/** ` did you mean "x"?` when `word` is close to one of `candidates`, else ''. */
function suggestion(word: unknown, candidates: readonly string[]): string {
  const closest = typeof word === 'string' ? closestWord(word, candidates) : undefined;
  return closest === undefined ? '' : `; did you mean ${JSON.stringify(closest)}?`;
}

function unknownKeyMessage(key: string, parent: PropertyKey | undefined, known: readonly string[]): string {
  if (parent === 'perClass') {
    return `is not a failure class; use one of ${FAILURE_CLASSES.join(', ')}${suggestion(key, FAILURE_CLASSES)}`;
  }
  const hint = suggestion(key, known);
  if (hint !== '') return `is not a known field${hint}`;
  return known.length === 0
    ? 'is not a known field (check its spelling and where it sits)'
    : `is not a known field here; the fields here are ${known.join(', ')}`;
}

/**
 * The issue of a union (`onClass`: one class or a list of classes) that says most: the choice that
 * lists the allowed values, else a message naming every accepted type.
 */
function unionIssue(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue {
  const inner = issue.errors.flat();
  const values = inner.find((i) => i.code === 'invalid_value' && i.path.length === 0);
  if (values !== undefined) return { ...values, path: issue.path, input: issue.input } as z.core.$ZodIssue;
  const types = inner.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [i.message] : []));
  if (types.length === inner.length && types.length > 0) {
    return { ...issue, message: types.join(', or ').replace(/, or must be /g, ', or ') };
  }
  return inner.find((i) => i.path.length > 0) ?? issue;
}

/**
 * Turns zod issues into problems, one per offending field: an unknown key becomes a problem at that
 * key's own path (with the field most likely meant, from `fieldsAt`, which lists the fields allowed
 * at a path), a missing required field says so in words, a wrong value says what was found and, for
 * a list of allowed values, which one is closest. Issues must come from a parse with
 * `reportInput: true` (for the offending value to be quoted) and `error: plainIssueMessage` (so that
 * no schema wording is left).
 */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  fieldsAt: (path: readonly PropertyKey[]) => readonly string[] = () => [],
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const raw of issues) {
    if (raw.code === 'unrecognized_keys') {
      const parent = raw.path[raw.path.length - 1];
      for (const key of raw.keys) {
        problems.push({
          path: jsonPath([...raw.path, key]),
          message: unknownKeyMessage(key, parent, fieldsAt(raw.path)),
        });
      }
      continue;
    }
    const issue = raw.code === 'invalid_union' ? unionIssue(raw) : raw;
    let message = issue.message;
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = `is required (${issue.message.replace(/^must be /, '')})`;
    } else if (issue.code === 'invalid_value' && issue.input === undefined) {
      message = `is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
    } else if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.input !== undefined) {
      message = `${message} (got ${Array.isArray(issue.input) ? `${issue.input.length} entries` : describeInput(issue.input)})`;
    } else if (issue.code === 'invalid_value') {
      const allowed = issue.values.filter((v): v is string => typeof v === 'string');
      message = `${message} (got ${describeInput(issue.input)})${suggestion(issue.input, allowed)}`;
    } else if (issue.input !== undefined && issue.code !== 'custom') {
      message = `${message} (got ${describeInput(issue.input)})`;
    }
    problems.push({ path: jsonPath(issue.path), message });
  }
  return problems;
}
