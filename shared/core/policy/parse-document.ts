import { plainIssueMessage } from '../issue-words.js';
import { jsonProblem, withoutByteOrderMark } from '../json-problem.js';
import { crossFieldProblems } from './cross-field-problems.js';
import { policyJsonSchema } from './json-schema.js';
import { knownFields } from './known-fields.js';
import { jsonPath, type PolicyProblem, problemsFromIssues } from './problems.js';
import { type Policy, policySchema } from './schema.js';

/** The outcome of reading one policy document. `input` names where it came from. */
export type PolicyParseResult =
  | { readonly ok: true; readonly input: string; readonly policy: Policy }
  | { readonly ok: false; readonly input: string; readonly problems: readonly PolicyProblem[] };

/**
 * Parses and validates one policy document (a leading byte-order mark is ignored). Never throws: a
 * document that is not JSON, or breaks the schema, comes back as problems with JSON paths
 * (`rules[2].onReason`; empty for the whole document), in plain words with the closest allowed value
 * or field where there is one: every problem found, field-level and cross-field alike, each
 * (path, message) once.
 */
export function parsePolicyDocument(text: string, input: string): PolicyParseResult {
  const clean = withoutByteOrderMark(text);
  let json: unknown;
  try {
    json = JSON.parse(clean);
  } catch (error) {
    return {
      ok: false,
      input,
      problems: [{ path: '', message: `is not valid JSON: ${jsonProblem(clean, error)}` }],
    };
  }
  const result = policySchema().safeParse(json, { reportInput: true, error: plainIssueMessage });
  if (result.success) return { ok: true, input, policy: result.data };
  // zod skips the document's cross-field refinement while a field is broken: run those checks on
  // the raw document too, so that one run lists every problem, each once.
  const crossField = crossFieldProblems(json).map(({ path, message }) => ({ path: jsonPath(path), message }));
  return {
    ok: false,
    input,
    problems: distinct([...problemsFromIssues(result.error.issues, policyFieldsAt), ...crossField]),
  };
}

/** The fields a policy document allows at `path`, from its JSON Schema (read once, on the first problem). */
let schema: Record<string, unknown> | undefined;
function policyFieldsAt(path: readonly PropertyKey[]): string[] {
  schema ??= policyJsonSchema();
  return knownFields(schema, path);
}

/** The problems without repeats of the same path and message, in first-seen order. */
function distinct(problems: readonly PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>();
  return problems.filter(({ path, message }) => {
    const key = JSON.stringify([path, message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
