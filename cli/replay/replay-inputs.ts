import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { EventParseError, type EventReadResult, readEvents } from '#core/events/index.js';
import { readEventsFile } from '../event-files.js';

/** The files a folder argument reads, by extension (EventBridge archives, exports, log extracts). */
export const EVENT_FILE_EXTENSIONS: readonly string[] = ['.json', '.jsonl', '.ndjson', '.log'];

type Input =
  | { readonly kind: 'stdin' }
  | { readonly kind: 'file'; readonly path: string; readonly size?: number }
  | { readonly kind: 'empty-folder'; readonly path: string };

/** The events of the replay's inputs, streamed, with a count of the bytes read for progress. */
export interface ReplayInputs {
  /** Every event of every input, in argument order (a folder's files sorted by name). */
  readonly results: AsyncIterable<EventReadResult>;
  /** Size of all inputs in bytes; undefined when stdin is one of them (its size is not known). */
  readonly totalBytes: number | undefined;
  /** Bytes read from the inputs so far. */
  bytesRead(): number;
}

/**
 * Resolves replay arguments to streamed inputs: `-` is stdin, a folder is every
 * {@link EVENT_FILE_EXTENSIONS} file directly inside it (sorted by name), anything else a file.
 * Nothing is read until `results` is iterated. A missing or unreadable input, or a folder with no
 * event files, yields one error result naming it; the other inputs are still read.
 */
export async function openReplayInputs(paths: readonly string[], stdin: Readable): Promise<ReplayInputs> {
  const inputs: Input[] = [];
  for (const path of paths) inputs.push(...(await resolve(path)));
  let bytes = 0;
  const onBytes = (n: number) => {
    bytes += n;
  };
  const totalBytes = inputs.some((input) => input.kind === 'stdin')
    ? undefined
    : inputs.reduce((sum, input) => sum + (input.kind === 'file' ? (input.size ?? 0) : 0), 0);
  return { results: readAll(inputs, stdin, onBytes), totalBytes, bytesRead: () => bytes };
}

async function resolve(path: string): Promise<Input[]> {
  if (path === '-') return [{ kind: 'stdin' }];
  const info = await stat(path).catch(() => undefined);
  // Not there or not statable: the reader says why, in its own words.
  if (info === undefined) return [{ kind: 'file', path }];
  if (!info.isDirectory()) return [{ kind: 'file', path, size: info.size }];
  const names = (await readdir(path))
    .filter((name) => EVENT_FILE_EXTENSIONS.includes(extname(name).toLowerCase()))
    .sort();
  const files: Input[] = [];
  for (const name of names) {
    const file = join(path, name);
    const entry = await stat(file).catch(() => undefined);
    if (entry === undefined || entry.isFile()) files.push({ kind: 'file', path: file, ...sizeOf(entry) });
  }
  return files.length > 0 ? files : [{ kind: 'empty-folder', path }];
}

function sizeOf(info: { size: number } | undefined): { size?: number } {
  return info === undefined ? {} : { size: info.size };
}

async function* readAll(
  inputs: readonly Input[],
  stdin: Readable,
  onBytes: (n: number) => void,
): AsyncGenerator<EventReadResult> {
  for (const input of inputs) {
    if (input.kind === 'stdin') yield* readEvents(counted(stdin, onBytes), 'stdin');
    else if (input.kind === 'file') yield* readFile(input.path, onBytes);
    else {
      const problem = `is a folder with no event files (${EVENT_FILE_EXTENSIONS.join(', ')}) in it`;
      yield { source: input.path, error: new EventParseError(input.path, '', problem) };
    }
  }
}

/** Streams one file, counting its bytes; a file that cannot be opened is described by readEventsFile. */
async function* readFile(path: string, onBytes: (n: number) => void): AsyncGenerator<EventReadResult> {
  let read = 0;
  const count = (n: number) => {
    read += n;
    onBytes(n);
  };
  try {
    yield* readEvents(counted(createReadStream(path), count), path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === undefined) throw error;
    if (read === 0) {
      yield* readEventsFile(path);
      return;
    }
    const problem = `stopped being readable after ${read} bytes (${code}); the events before were replayed`;
    yield { source: path, error: new EventParseError(path, '', problem, error) };
  }
}

async function* counted(
  chunks: AsyncIterable<string | Buffer>,
  onBytes: (n: number) => void,
): AsyncGenerator<string | Buffer> {
  for await (const chunk of chunks) {
    onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    yield chunk;
  }
}
