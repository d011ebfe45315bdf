import { jsonProblem } from '../json-problem.js';
import { EventParseError } from './errors.js';
import { JsonValueScanner, type ScannedItem } from './json-value-scanner.js';
import { parseEvent } from './parse.js';
import type { NormalisedJob } from './types.js';

/** One event read from an input: the normalised job, or why that event could not be used. */
export type EventReadResult =
  | { readonly source: string; readonly job: NormalisedJob }
  | { readonly source: string; readonly error: EventParseError };

/**
 * Reads every event in a stream of text: one event, a JSON array of events, JSON lines, or a
 * CloudWatch Logs export (an ISO-8601 timestamp before each JSON object). An event is an EventBridge
 * event or a bare job detail; the output of `aws batch describe-jobs` (`{"jobs": [...]}`) is read as
 * one bare job detail per job. Streams in constant memory: at most one item's text is held at a time.
 *
 * `source` is `input` when the input held exactly one item, else `<input>#<index>` (0-based, in
 * input order, counting broken items too); a job of a describe-jobs output adds `#jobs[<index>]`. A
 * broken item yields an error result and reading goes on with the next value or line. An input with
 * nothing in it yields one error result.
 */
export async function* readEvents(
  chunks: AsyncIterable<string | Uint8Array>,
  input: string,
): AsyncGenerator<EventReadResult> {
  const scanner = new JsonValueScanner();
  const decoder = new TextDecoder('utf-8');
  // The first item is held back until a second one shows whether the input held one event or many.
  let first: ScannedItem | undefined;
  let count = 0;
  const drain = function* (items: readonly ScannedItem[]): Generator<EventReadResult> {
    for (const item of items) {
      count++;
      if (count === 1) {
        first = item;
        continue;
      }
      if (count === 2 && first !== undefined) yield* toResults(first, `${input}#0`);
      yield* toResults(item, `${input}#${count - 1}`);
    }
  };
  for await (const chunk of chunks) {
    yield* drain(scanner.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })));
  }
  yield* drain([...scanner.push(decoder.decode()), ...scanner.end()]);
  if (count === 1 && first !== undefined) yield* toResults(first, input);
  if (count === 0) {
    yield { source: input, error: new EventParseError(input, '', 'holds no events (the input is empty)') };
  }
}

function* toResults(item: ScannedItem, source: string): Generator<EventReadResult> {
  if (item.kind === 'bad') {
    yield { source, error: new EventParseError(source, '', item.problem) };
    return;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(item.text);
  } catch (error) {
    yield { source, error: new EventParseError(source, '', `is not JSON: ${jsonProblem(item.text, error)}`) };
    return;
  }
  const jobs = describeJobsList(raw);
  if (jobs === undefined) {
    yield toResult(raw, source);
    return;
  }
  if (jobs.length === 0) {
    yield {
      source,
      error: new EventParseError(source, 'jobs', 'is empty: this describe-jobs output holds no job'),
    };
  }
  for (const [index, job] of jobs.entries()) yield toResult(job, `${source}#jobs[${index}]`);
}

/** The jobs of an `aws batch describe-jobs` output (`{"jobs": [...]}`), else undefined. */
function describeJobsList(raw: unknown): readonly unknown[] | undefined {
  if (raw === null || typeof raw !== 'object' || 'detail' in raw || 'jobId' in raw) return undefined;
  const jobs = (raw as { jobs?: unknown }).jobs;
  return Array.isArray(jobs) ? jobs : undefined;
}

function toResult(raw: unknown, source: string): EventReadResult {
  try {
    return { source, job: parseEvent(raw, source) };
  } catch (error) {
    if (error instanceof EventParseError) return { source, error };
    throw error;
  }
}
