import { readFile } from 'node:fs/promises';
import { InMemoryPolicySource } from '#adapters/memory/index.js';
import type { LoadedPolicy } from '#core/policy/index.js';
import { InvalidPolicyError, type PolicyParseResult, parsePolicyDocument } from '#core/policy/index.js';

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

/**
 * The policies of the files `paths`, each at version 1. Throws {@link InvalidPolicyError} for the
 * first invalid file (listing all of its problems), or when two files define the same policy name.
 */
export async function policySourceFromFiles(paths: readonly string[]): Promise<InMemoryPolicySource> {
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
