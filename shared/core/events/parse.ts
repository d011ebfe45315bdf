import { jsonProblem, withoutByteOrderMark } from '../json-problem.js';
import { describeIssues, describeValue, type FieldProblem, formatPath } from './describe-issue.js';
import { EventParseError } from './errors.js';
import { normaliseJob } from './normalise.js';
import { batchJobDetailSchema, batchJobStateChangeEventSchema } from './schema.js';
import type { NormalisedJob } from './types.js';

/**
 * Longest string accepted anywhere in an event, including fields this model does not know, in
 * characters. EventBridge rejects events over 256 KB, so a longer string never came from AWS.
 */
export const MAX_ANY_STRING_CHARS = 256 * 1024;
/** Deepest nesting accepted; real events nest about eight levels. */
const MAX_DEPTH = 64;

const ENVELOPE_KEYS = ['detail-type', 'source', 'detail'] as const;

/**
 * Validates one raw "Batch Job State Change" event (or a bare job detail, as DescribeJobs returns
 * it) and normalises it.
 *
 * @param raw the decoded JSON value
 * @param input where it came from, for error messages (a file and index, an SQS message id)
 * @throws EventParseError naming `input`, the JSON path of the offending field and the problem
 */
export function parseEvent(raw: unknown, input: string): NormalisedJob {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new EventParseError(input, '', `is not a JSON object but ${describeValue(raw)}`);
  }
  const record = raw as Record<string, unknown>;
  if (ENVELOPE_KEYS.every((k) => !(k in record)) && 'jobId' in record) {
    const detail = batchJobDetailSchema.safeParse(raw);
    if (!detail.success) throw toError(input, describeIssues(detail.error.issues, raw));
    guardStrings(input, raw);
    return normaliseJob(detail.data);
  }
  const event = batchJobStateChangeEventSchema.safeParse(raw);
  if (!event.success) throw toError(input, describeIssues(event.error.issues, raw));
  guardStrings(input, raw);
  const { id, time, region, account } = event.data;
  const envelope =
    id === undefined || time === undefined || region === undefined || account === undefined
      ? undefined
      : { id, time, region, account };
  return normaliseJob(event.data.detail, envelope);
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
  return parseEvent(raw, input);
}

/**
 * Parses the body of an SQS message that EventBridge delivered (the body is the whole event).
 * Errors name the input `sqs message <messageId>`.
 */
export function parseSqsRecord(record: { readonly messageId: string; readonly body: string }): NormalisedJob {
  return parseEventJson(record.body, `sqs message ${record.messageId}`);
}

function toError(input: string, [first, ...more]: readonly FieldProblem[]): EventParseError {
  return new EventParseError(input, first?.field ?? '', first?.problem ?? 'is not valid', undefined, more);
}

/** Rejects oversized strings and absurd nesting in fields the schemas let through unread. */
function guardStrings(input: string, root: unknown): void {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: root, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value === 'string') {
      if (value.length > MAX_ANY_STRING_CHARS) {
        throw new EventParseError(
          input,
          formatPath(path),
          `is too long (${value.length} characters); at most ${MAX_ANY_STRING_CHARS} are accepted`,
        );
      }
    } else if (value !== null && typeof value === 'object') {
      if (path.length > MAX_DEPTH) {
        throw new EventParseError(input, formatPath(path), `is nested more than ${MAX_DEPTH} levels deep`);
      }
      const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
      for (const [key, child] of entries) stack.push({ value: child, path: [...path, key] });
    }
  }
}
