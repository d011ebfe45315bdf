import { access, constants, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { withoutByteOrderMark } from '#core/json-problem.js';
import { unusableInput } from '../kit/index.js';

/** Why a file cannot be read, in words, from the error the file system gave. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found; check the path';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/** The name a whole-text input goes by in messages: `stdin` for `-`, else the path. */
export const inputName = (path: string): string => (path === '-' ? 'stdin' : path);

/**
 * The whole text of a small input (a policy, a job definition): a file, or stdin for `-`. Rejects
 * with the file system's error when a file cannot be read ({@link fileProblem} says why in words).
 */
export async function readTextInput(path: string, stdin: Readable): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer | string));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Resolves when `path` is a file that can be read; else rejects with {@link fileProblem}'s words as
 * an unusable input (exit 2). For readers that would otherwise word a missing file their own way.
 */
export async function requireReadableFile(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw unusableInput(path, fileProblem(error));
  }
}

/**
 * The whole text of a small input (see {@link readTextInput}) without a byte-order mark, and the name
 * it goes by in messages; an input that cannot be read ends the command as unusable (exit 2).
 */
export async function readWholeInput(
  path: string,
  stdin: Readable,
): Promise<{ input: string; text: string }> {
  const input = inputName(path);
  try {
    return { input, text: withoutByteOrderMark(await readTextInput(path, stdin)) };
  } catch (error) {
    throw unusableInput(input, fileProblem(error));
  }
}
