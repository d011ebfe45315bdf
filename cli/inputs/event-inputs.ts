import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { EventParseError, type EventReadResult, readEvents } from '#core/events/index.js';
import { type Input, resolveInputs } from './input-paths.js';
import { textBytes, UnreadableInputError } from './text-bytes.js';
import { fileProblem } from './text-input.js';

/** The events of a command's inputs, streamed, with a count of the bytes read (for progress). */
export interface EventInputs {
  /** Every event of every input, in argument order (a folder's files sorted by name). */
  readonly results: AsyncIterable<EventReadResult>;
  /** Size of all inputs in bytes; undefined when stdin is one of them (its size is not known). */
  readonly totalBytes: number | undefined;
  /** Input bytes read so far (compressed bytes for a gzip file). */
  bytesRead(): number;
}

/**
 * Opens a command's event inputs, the same way for every command: `-` is stdin, a folder is every
 * events file in it (see resolveInputs), a file is read as a stream; each may be one event, a JSON
 * array, JSON lines, a CloudWatch Logs export or describe-jobs output, and gzip-compressed (see
 * readEvents and textBytes). Nothing is read until `results` is iterated. An input that cannot be
 * read (missing, binary, a folder with no events files) yields one error result naming it, and the
 * other inputs are still read.
 */
export async function openEventInputs(paths: readonly string[], stdin: Readable): Promise<EventInputs> {
  const inputs = await resolveInputs(paths);
  let bytes = 0;
  const onBytes = (n: number) => {
    bytes += n;
  };
  const totalBytes = inputs.some((input) => input.kind === 'stdin')
    ? undefined
    : inputs.reduce((sum, input) => sum + (input.kind === 'file' ? (input.size ?? 0) : 0), 0);
  return { results: readAll(inputs, stdin, onBytes), totalBytes, bytesRead: () => bytes };
}

async function* readAll(
  inputs: readonly Input[],
  stdin: Readable,
  onBytes: (n: number) => void,
): AsyncGenerator<EventReadResult> {
  for (const input of inputs) {
    if (input.kind === 'empty-folder') {
      const problem = 'is a folder with no events files (*.json, *.jsonl, *.ndjson, *.log, *.gz) in it';
      yield { source: input.path, error: new EventParseError(input.path, '', problem) };
    } else if (input.kind === 'stdin') {
      yield* readOne('stdin', () => stdin, onBytes);
    } else {
      yield* readOne(input.path, () => createReadStream(input.path), onBytes);
    }
  }
}

/** Streams one input, counting its bytes; a failure to read it becomes one error result. */
async function* readOne(
  name: string,
  open: () => Readable,
  onBytes: (n: number) => void,
): AsyncGenerator<EventReadResult> {
  let items = 0;
  try {
    for await (const result of readEvents(textBytes(counted(open(), onBytes)), name)) {
      items++;
      yield result;
    }
  } catch (error) {
    const problem = readProblem(error);
    if (problem === undefined) throw error;
    const after = items === 0 ? '' : ` (after ${items.toLocaleString('en-US')} items, which were read)`;
    yield { source: name, error: new EventParseError(name, '', `${problem}${after}`, error) };
  }
}

/** Why an input could not be read, for the errors a file or a decoder raises; else undefined. */
function readProblem(error: unknown): string | undefined {
  if (error instanceof UnreadableInputError) return error.problem;
  return (error as NodeJS.ErrnoException | undefined)?.code === undefined ? undefined : fileProblem(error);
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
