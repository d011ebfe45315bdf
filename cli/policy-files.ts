import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { InMemoryPolicySource } from '#adapters/memory/index.js';
import type { LoadedPolicy, PolicyParseResult } from '#core/policy/index.js';
import { InvalidPolicyError, parsePolicyDocument } from '#core/policy/index.js';
import { fileProblem, inputName, readTextInput } from './inputs/index.js';

/** A policy file as read: valid, invalid (with every problem), or not readable at all. */
export type PolicyFileResult =
  | PolicyParseResult
  | { readonly ok: false; readonly input: string; readonly unreadable: string };

/**
 * Reads and validates a policy file, or stdin for `-` (named `stdin`); a file that cannot be read
 * comes back `unreadable`, not thrown.
 */
export async function loadPolicyFile(
  path: string,
  stdin: Readable = process.stdin,
): Promise<PolicyFileResult> {
  const input = inputName(path);
  let text: string;
  try {
    text = await readTextInput(path, stdin);
  } catch (error) {
    return { ok: false, input, unreadable: fileProblem(error) };
  }
  return parsePolicyDocument(text, input);
}

/** The policy files of `paths`, in order: a folder stands for every *.json file in it, sorted by name. */
export async function policyFilePaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() !== true) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => name.toLowerCase().endsWith('.json')).sort();
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

/**
 * The policies of the files `paths` (folders included), each at version 1. Throws
 * {@link InvalidPolicyError} for the first file that is unreadable or invalid (listing all of its
 * problems), or when two files define the same policy name.
 */
export async function policySourceFromFiles(paths: readonly string[]): Promise<InMemoryPolicySource> {
  const loaded: LoadedPolicy[] = [];
  for (const path of await policyFilePaths(paths)) {
    const result = await loadPolicyFile(path);
    if ('unreadable' in result)
      throw new InvalidPolicyError(path, [{ path: '', message: result.unreadable }]);
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
