import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { sqsRecord } from '../helpers/sqs-records.js';
import type { Functions } from '../integration/functions/harness.js';

const BATCH = 10;
/** The lines failRecord writes for an error it knows (EventParseError, OrchestratorError). */
const TYPED = /^(unusable event|record failed, will)/;

/** What handing inputs to a handler lost: rejections, and failed records without a typed error. */
export type HandlerLosses = Record<'handler rejections' | 'failed records without a typed error', number>;

/**
 * Hands `bodies` to `handle` in SQS batches of ten and counts what was lost: a rejected invocation,
 * or a record reported failed without the log line of a typed error. The lines each batch wrote are
 * taken out of `functions.logs` once read: 100,000 events' worth would fill the heap and slow the run.
 */
export async function throughHandler(
  functions: Functions,
  bodies: readonly string[],
  handle: (...records: SQSRecord[]) => Promise<SQSBatchResponse>,
): Promise<HandlerLosses> {
  const lost = { 'handler rejections': 0, 'failed records without a typed error': 0 };
  for (let i = 0; i < bodies.length; i += BATCH) {
    const records = bodies.slice(i, i + BATCH).map((body) => sqsRecord(body));
    const seen = functions.logs.length;
    const response = await handle(...records).catch(() => undefined);
    if (response === undefined) {
      lost['handler rejections'] += 1;
      continue;
    }
    const lines = functions.logs.splice(seen);
    for (const { itemIdentifier } of response.batchItemFailures) {
      const typed = lines.some((l) => l.messageId === itemIdentifier && TYPED.test(l.message));
      if (!typed) lost['failed records without a typed error'] += 1;
    }
  }
  return lost;
}

/** `numRuns` values of `arbitrary`, reproducible from `seed`. */
export const sample = (arbitrary: fc.Arbitrary<string>, numRuns: number, seed: number) =>
  fc.sample(arbitrary, { numRuns, seed });
