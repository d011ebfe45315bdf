import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Observability } from './observability.js';
import { failRecord, willReachDlq } from './record-failure.js';

/** What one record's processing ended in; its name is counted as a metric. */
export interface RecordOutcome {
  readonly outcome: string;
}

/** How a function handles one SQS batch: one outcome or error per record, in order. Never rejects. */
export type BatchWork<O extends RecordOutcome> = (
  records: readonly SQSRecord[],
  context: Context,
) => Promise<readonly (O | Error)[]>;

export interface SqsHandlerOptions<O extends RecordOutcome> {
  /** The metric each outcome is counted as. */
  readonly metricByOutcome: Readonly<Record<O['outcome'], string>>;
  /**
   * The failure class an outcome is counted under in the `FailuresByClass` metric (dimension
   * `class`, for the dashboard); undefined when the outcome is not a newly decided failure.
   */
  readonly failureClassOf?: (outcome: O) => string | undefined;
  /** The queue's receive limit (its DLQ's maxReceiveCount); with it, a record's last delivery is known. */
  readonly maxReceiveCount?: number;
  /**
   * Tells a person about a record that will not be processed: it failed permanently or on its last
   * delivery, so it is on its way to the DLQ. A failure here is logged and never blocks the batch.
   */
  readonly onStuck?: (record: SQSRecord, error: unknown) => Promise<void>;
}

/** {@link BatchWork} that handles each record on its own, all at once (a throw becomes that record's error). */
export function eachRecord<O extends RecordOutcome>(
  handle: (record: SQSRecord, context: Context) => Promise<O>,
): BatchWork<O> {
  return (records, context) =>
    Promise.all(
      records.map((record) =>
        Promise.resolve()
          .then(() => handle(record, context))
          .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      ),
    );
}

/**
 * An SQS-triggered Lambda handler with partial batch responses (G6): `work` handles the whole batch
 * (so a function can do per-batch work, such as one breaker write or one SendMessageBatch), then
 * Powertools' BatchProcessor turns each record's result into the response: an outcome is counted as
 * a metric, an error is logged in one line and reported as a batch item failure (SQS redelivers it,
 * then moves it to the DLQ after the receive limit) without failing its neighbours.
 *
 * @example
 * ```ts
 * const observability = createObservability('batch-retry-resubmit');
 * const deps = wireResubmit(observability);
 * export const handler = createSqsHandler(observability, eachRecord((record) => handle(record, deps)), {
 *   metricByOutcome: { submitted: 'JobsResubmitted', deferred: 'RetriesDeferred' },
 * });
 * ```
 */
export function createSqsHandler<O extends RecordOutcome>(
  { logger, metrics }: Pick<Observability, 'logger' | 'metrics'>,
  work: BatchWork<O>,
  options: SqsHandlerOptions<O>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    logger.addContext(context);
    const results = await work(event.Records, context);
    const byMessage = new Map(event.Records.map((record, i) => [record.messageId, results[i]]));
    const recordHandler = async (record: SQSRecord): Promise<void> => {
      const result = byMessage.get(record.messageId) ?? new Error('the record was not handled');
      if (!(result instanceof Error)) {
        metrics.addMetric(options.metricByOutcome[result.outcome as O['outcome']], MetricUnit.Count, 1);
        const failureClass = options.failureClassOf?.(result);
        if (failureClass !== undefined) {
          const byClass = metrics.singleMetric();
          byClass.addDimension('class', failureClass);
          byClass.addMetric('FailuresByClass', MetricUnit.Count, 1);
        }
        return;
      }
      metrics.addMetric('RecordsFailed', MetricUnit.Count, 1);
      if (options.onStuck !== undefined && willReachDlq(record, result, options.maxReceiveCount)) {
        metrics.addMetric('RecordsStuck', MetricUnit.Count, 1);
        await options.onStuck(record, result).catch((error: unknown) =>
          logger.error('could not alert about a record bound for the DLQ', {
            messageId: record.messageId,
            error,
          }),
        );
      }
      failRecord(logger, record, result);
    };
    try {
      return await processPartialResponse(event, recordHandler, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
