import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Observability } from './observability.js';
import { failRecord } from './record-failure.js';

/** What one record's processing ended in; its name is counted as a metric. */
export interface RecordOutcome {
  readonly outcome: string;
}

/**
 * An SQS-triggered Lambda handler with partial batch responses (G6): each record is processed on its
 * own, its outcome counted as the metric `metricByOutcome[outcome]`, and a record that throws is
 * logged in one line and reported as a batch item failure (SQS redelivers it, then moves it to the
 * DLQ after the receive limit) without failing its neighbours.
 *
 * @example
 * ```ts
 * const observability = createObservability('batch-retry-decide');
 * const deps = wireDecide(observability);
 * export const handler = createSqsHandler(observability, (record) => handleJobEvent(parseSqsRecord(record), deps), {
 *   ignored: 'EventsIgnored', 'retry-scheduled': 'RetriesScheduled', 'gave-up': 'GaveUp', recovered: 'LineagesRecovered',
 * });
 * ```
 */
export function createSqsHandler<O extends RecordOutcome>(
  { logger, metrics }: Pick<Observability, 'logger' | 'metrics'>,
  processRecord: (record: SQSRecord) => Promise<O>,
  metricByOutcome: Readonly<Record<O['outcome'], string>>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    try {
      const result = await processRecord(record);
      metrics.addMetric(metricByOutcome[result.outcome as O['outcome']], MetricUnit.Count, 1);
    } catch (error) {
      metrics.addMetric('RecordsFailed', MetricUnit.Count, 1);
      failRecord(logger, record, error);
    }
  };
  return async (event, context) => {
    logger.addContext(context);
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
