import { readFile } from 'node:fs/promises';
import { crossFieldProblems } from './cross-field-problems.js';
import { InvalidPolicyError } from './policy-errors.js';
import { jsonPath, type PolicyProblem, problemsFromIssues } from './problems.js';
import { type Policy, policySchema } from './schema.js';
import type { LoadedPolicy } from './select.js';

/** Where the policies come from: SSM on AWS, files in the CLI and the simulator. */
export interface PolicySource {
  /** Every policy currently in force. May serve a cached or last-known-good copy. */
  load(): Promise<readonly LoadedPolicy[]>;
}

/** The outcome of reading one policy document. `input` names where it came from. */
export type PolicyParseResult =
  | { readonly ok: true; readonly input: string; readonly policy: Policy }
  | { readonly ok: false; readonly input: string; readonly problems: readonly PolicyProblem[] };

/**
 * Parses and validates one policy document. Never throws: a document that is not JSON, or breaks the
 * schema, comes back as problems with JSON paths (`rules[2].onReason`; empty for the whole document):
 * every problem found, field-level and cross-field alike, each (path, message) once.
 */
export function parsePolicyDocument(text: string, input: string): PolicyParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      input,
      problems: [{ path: '', message: `is not valid JSON: ${(error as Error).message}` }],
    };
  }
  const result = policySchema.safeParse(json, { reportInput: true });
  if (result.success) return { ok: true, input, policy: result.data };
  // zod skips the document's cross-field refinement while a field is broken: run those checks on
  // the raw document too, so that one run lists every problem, each once.
  const crossField = crossFieldProblems(json).map(({ path, message }) => ({ path: jsonPath(path), message }));
  return {
    ok: false,
    input,
    problems: distinct([...problemsFromIssues(result.error.issues), ...crossField]),
  };
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

/** Reads and validates a policy file; an unreadable file is a problem too, not an exception. */
export async function loadPolicyFile(path: string): Promise<PolicyParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      input: path,
      problems: [{ path: '', message: `cannot be read: ${(error as Error).message}` }],
    };
  }
  return parsePolicyDocument(text, path);
}

/** Policies held in memory (the simulator, the CLI, tests). Each file-loaded policy has version 1. */
export class InMemoryPolicySource implements PolicySource {
  readonly #policies: readonly LoadedPolicy[];

  constructor(policies: readonly LoadedPolicy[]) {
    this.#policies = [...policies];
  }

  /**
   * Loads policy files. Throws {@link InvalidPolicyError} for the first invalid file (listing all of
   * its problems), or when two files define the same policy name.
   */
  static async fromFiles(paths: readonly string[]): Promise<InMemoryPolicySource> {
    const loaded: LoadedPolicy[] = [];
    for (const path of paths) {
      const result = await loadPolicyFile(path);
      if (!result.ok) throw new InvalidPolicyError(path, result.problems);
      const clash = loaded.find((p) => p.name === result.policy.name);
      if (clash !== undefined) {
        throw new InvalidPolicyError(path, [
          {
            path: 'name',
            message: `"${clash.name}" is already defined by another file; policy names must be unique`,
          },
        ]);
      }
      loaded.push({ name: result.policy.name, version: 1, policy: result.policy });
    }
    return new InMemoryPolicySource(loaded);
  }

  async load(): Promise<readonly LoadedPolicy[]> {
    return this.#policies;
  }
}
