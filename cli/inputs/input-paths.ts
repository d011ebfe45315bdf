import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The files a folder argument reads: events files, also gzip-compressed (`events.jsonl.gz`, `000000.gz`). */
const EVENT_FILE_PATTERN = /\.(json|jsonl|ndjson|log)(\.gz)?$|\.gz$/i;

/** What one command-line input turned out to be. */
export type Input =
  | { readonly kind: 'stdin' }
  | { readonly kind: 'file'; readonly path: string; readonly size?: number }
  | { readonly kind: 'empty-folder'; readonly path: string };

/**
 * Resolves input arguments as every command reads them: `-` is stdin, a folder is every
 * {@link EVENT_FILE_PATTERN} file directly inside it (sorted by name, subfolders not read), anything
 * else a file (a missing one is reported when it is read).
 */
export async function resolveInputs(paths: readonly string[]): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const path of paths) inputs.push(...(await resolve(path)));
  return inputs;
}

async function resolve(path: string): Promise<Input[]> {
  if (path === '-') return [{ kind: 'stdin' }];
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return [{ kind: 'file', path }];
  if (!info.isDirectory()) return [{ kind: 'file', path, size: info.size }];
  const names = (await readdir(path)).filter((name) => EVENT_FILE_PATTERN.test(name)).sort();
  const files: Input[] = [];
  for (const name of names) {
    const file = join(path, name);
    const entry = await stat(file).catch(() => undefined);
    if (entry === undefined) files.push({ kind: 'file', path: file });
    else if (entry.isFile()) files.push({ kind: 'file', path: file, size: entry.size });
  }
  return files.length > 0 ? files : [{ kind: 'empty-folder', path }];
}
