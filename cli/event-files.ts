import { createReadStream } from 'node:fs';
import { EventParseError, type EventReadResult, readEvents } from '#core/events/index.js';

/**
 * {@link readEvents} over a file, streamed with `fs.createReadStream`. A file that cannot be opened
 * (missing, a directory, no permission) yields one error result naming the file.
 */
export async function* readEventsFile(path: string): AsyncGenerator<EventReadResult> {
  try {
    yield* readEvents(createReadStream(path), path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === undefined) throw error;
    yield { source: path, error: new EventParseError(path, '', fileProblem(code), error) };
  }
}

function fileProblem(code: string): string {
  if (code === 'ENOENT') return 'file not found; check the path';
  if (code === 'EISDIR') return 'is a directory, not an events file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code})`;
}
