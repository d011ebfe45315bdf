import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import { OrchestratorError } from '#core/errors.js';
import { EventParseError } from '#core/events/index.js';

/**
 * Logs why a record failed in one line, then rethrows so that Powertools reports it as a batch item
 * failure: SQS redelivers it, and after the queue's maxReceiveCount moves it to the DLQ (G6).
 */
export function failRecord(logger: Logger, record: SQSRecord, error: unknown): never {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  const context = { messageId: record.messageId, receiveCount };
  if (error instanceof EventParseError) {
    logger.error(`unusable event, will reach the DLQ after the receive limit: ${error.message}`, {
      ...context,
      field: error.field,
      problem: error.problem,
    });
  } else if (error instanceof OrchestratorError) {
    const how = error.transient ? 'will be retried' : 'will reach the DLQ after the receive limit';
    logger.warn(`record failed, ${how}: ${error.message}`, { ...context, ...error.context });
  } else {
    logger.error('record failed unexpectedly, will be retried', { ...context, error });
  }
  throw error;
}

/**
 * True when a failed record will not be processed: its error is permanent (redelivery gives the
 * same answer), or this was its last delivery before the queue's receive limit moves it to the DLQ.
 */
export function willReachDlq(
  record: SQSRecord,
  error: unknown,
  maxReceiveCount: number | undefined,
): boolean {
  const permanent = error instanceof OrchestratorError && !error.transient;
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  return permanent || (maxReceiveCount !== undefined && receiveCount >= maxReceiveCount);
}
