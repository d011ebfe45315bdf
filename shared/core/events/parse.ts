import { compiledWhenHot } from '../compiled-schema.js';
import { jsonProblem, withoutByteOrderMark } from '../json-problem.js';
import { describeIssues, describeValue, type FieldProblem, formatPath } from './describe-issue.js';
import { EventParseError } from './errors.js';
import { normaliseJob } from './normalise.js';
import { type BatchJobDetail, eventSchemas } from './schema.js';
import type { NormalisedJob } from './types.js';

/**
 * Longest string accepted anywhere in an event, including fields this model does not know, in
 * characters. EventBridge rejects events over 256 KB, so a longer string never came from AWS.
 */
export const MAX_ANY_STRING_CHARS = 256 * 1024;
/** Deepest nesting accepted; real events nest about eight levels. */
const MAX_DEPTH = 64;

/**
 * Most attempts a job has: AWS Batch's `retryStrategy.attempts` is 1 to 10. An event that lists more
 * did not come from Batch as documented; only its last ten are read (and counted), and the job says
 * how many there were (`NormalisedJob.attemptsListed`), so that 80,000 listed attempts cost no more
 * than ten.
 */
export const MAX_ATTEMPTS_READ = 10;

const ENVELOPE_KEYS = ['detail-type', 'source', 'detail'] as const;

/**
 * Parses after which the event schemas are compiled (compiled-schema.ts): each parse of a Spot reclaim
 * event takes 28 us on zod's runtime parser (2x JSON.parse) and 9 us compiled, so the 45 ms of
 * compiling are paid back after about 2,300 parses.
 */
const EVENT_COMPILE_AFTER = 2_000;
const eventSchema = compiledWhenHot(() => eventSchemas().event, EVENT_COMPILE_AFTER);
const detailSchema = compiledWhenHot(() => eventSchemas().detail, EVENT_COMPILE_AFTER);

/**
 * Validates one raw "Batch Job State Change" event (or a bare job detail, as DescribeJobs returns
 * it) and normalises it.
 *
 * @param raw the decoded JSON value
 * @param input where it came from, for error messages (a file and index, an SQS message id)
 * @param textChars the length of the JSON text `raw` was decoded from, when known: no string in it
 *   can be longer, so the size guard need not look at strings when the text is within the limit
 * @throws EventParseError naming `input`, the JSON path of the offending field and the problem
 */
export function parseEvent(raw: unknown, input: string, textChars?: number): NormalisedJob {
  const strings = textChars === undefined || textChars > MAX_ANY_STRING_CHARS;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new EventParseError(input, '', `is not a JSON object but ${describeValue(raw)}`);
  }
  const record = raw as Record<string, unknown>;
  if (ENVELOPE_KEYS.every((k) => !(k in record)) && 'jobId' in record) {
    const { detail: bounded, listed } = boundAttempts(record);
    const detail = detailSchema().safeParse(bounded);
    if (!detail.success) throw toError(input, describeIssues(detail.error.issues, bounded));
    guardStrings(input, bounded, strings);
    return withListed(normaliseJob(detail.data, asReceived(bounded)), listed);
  }
  const { detail: bounded, listed } = boundAttempts(record.detail);
  const checked = bounded === record.detail ? raw : { ...record, detail: bounded };
  const event = eventSchema().safeParse(checked);
  if (!event.success) throw toError(input, describeIssues(event.error.issues, checked));
  guardStrings(input, checked, strings);
  const { id, time, region, account } = event.data;
  const envelope =
    id === undefined || time === undefined || region === undefined || account === undefined
      ? undefined
      : { id, time, region, account };
  return withListed(normaliseJob(event.data.detail, asReceived(bounded), envelope), listed);
}

/**
 * Decodes JSON text and hands it to {@link parseEvent}.
 * @throws EventParseError with field `''` when the text is not JSON or not a JSON object
 */
export function parseEventJson(text: string, input: string): NormalisedJob {
  const json = withoutByteOrderMark(text);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new EventParseError(input, '', `is not JSON: ${jsonProblem(json, error)}`, error);
  }
  return parseEvent(raw, input, json.length);
}

/**
 * Parses the body of an SQS message that EventBridge delivered (the body is the whole event).
 * Errors name the input `sqs message <messageId>`.
 */
export function parseSqsRecord(record: { readonly messageId: string; readonly body: string }): NormalisedJob {
  return parseEventJson(record.body, `sqs message ${record.messageId}`);
}

/**
 * `detail` with at most {@link MAX_ATTEMPTS_READ} attempts (the last ones) in `attempts` and
 * `eksAttempts`, and how many it listed when that was more. Anything else is returned as it is.
 */
function boundAttempts(detail: unknown): { detail: unknown; listed?: number } {
  if (detail === null || typeof detail !== 'object') return { detail };
  const fields = detail as Record<string, unknown>;
  let listed: number | undefined;
  let bounded = fields;
  for (const key of ['attempts', 'eksAttempts'] as const) {
    const list = fields[key];
    if (Array.isArray(list) && list.length > MAX_ATTEMPTS_READ) {
      listed = Math.max(listed ?? 0, list.length);
      bounded = { ...bounded, [key]: list.slice(-MAX_ATTEMPTS_READ) };
    }
  }
  return listed === undefined ? { detail } : { detail: bounded, listed };
}

function withListed(job: NormalisedJob, listed: number | undefined): NormalisedJob {
  return listed === undefined ? job : { ...job, attemptsListed: listed };
}

/**
 * The detail as received, every field kept: the schema checked the fields it knows (and has no
 * defaults or transforms, so the checked value equals the received one) and stripped the rest from
 * its output; the received value keeps them for faithful resubmission.
 */
function asReceived(detail: unknown): BatchJobDetail {
  return detail as BatchJobDetail;
}

function toError(input: string, [first, ...more]: readonly FieldProblem[]): EventParseError {
  return new EventParseError(input, first?.field ?? '', first?.problem ?? 'is not valid', undefined, more);
}

/**
 * Rejects oversized strings (when `strings`) and absurd nesting in fields the schemas let through
 * unread. The walk keeps no path and allocates nothing (it runs on every event); only when it finds
 * a problem is the path looked up.
 */
function guardStrings(input: string, root: unknown, strings: boolean): void {
  const bad = firstOversized(root, 0, strings);
  if (typeof bad === 'string') {
    throw new EventParseError(
      input,
      formatPath(pathTo(root, bad)),
      `is too long (${bad.length} characters); at most ${MAX_ANY_STRING_CHARS} are accepted`,
    );
  }
  if (bad !== undefined) {
    throw new EventParseError(
      input,
      formatPath(pathTo(root, bad)),
      `is nested more than ${MAX_DEPTH} levels deep`,
    );
  }
}

/**
 * The first string over the limit (when `strings`) or object nested deeper than MAX_DEPTH in
 * `value`, found at `depth`; undefined when there is none. The recursion stops at MAX_DEPTH + 1.
 */
function firstOversized(value: unknown, depth: number, strings: boolean): unknown {
  if (typeof value === 'string') return strings && value.length > MAX_ANY_STRING_CHARS ? value : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = firstOversized(item, depth + 1, strings);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  for (const key in value) {
    const bad = firstOversized((value as Record<string, unknown>)[key], depth + 1, strings);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

/** The path from `root` to the value `target` (found by identity, or by equal content for a string). */
function pathTo(root: unknown, target: unknown): PropertyKey[] {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: root, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.value === target) return item.path;
    if (item.value !== null && typeof item.value === 'object' && item.path.length <= MAX_DEPTH + 1) {
      const entries = Array.isArray(item.value) ? item.value.entries() : Object.entries(item.value);
      for (const [key, child] of entries) stack.push({ value: child, path: [...item.path, key] });
    }
  }
  return [];
}
