import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseSqsRecord } from '../../shared/events/parse.js';
import { handleJobEvent } from '../../shared/orchestrator/handle-job-event.js';
import { failRecord } from '../common/record-failure.js';
import { createFunctionContext } from '../common/wiring.js';

const { logger, metrics, deps } = createFunctionContext('batch-retry-decide');
const processor = new BatchProcessor(EventType.SQS);

const METRIC_BY_OUTCOME = {
  ignored: 'EventsIgnored',
  'retry-scheduled': 'RetriesScheduled',
  'gave-up': 'GaveUp',
  recovered: 'LineagesRecovered',
} as const;

async function recordHandler(record: SQSRecord): Promise<void> {
  try {
    const job = parseSqsRecord(record);
    const result = await handleJobEvent(job, deps);
    metrics.addMetric(METRIC_BY_OUTCOME[result.outcome], MetricUnit.Count, 1);
  } catch (error) {
    metrics.addMetric('RecordsFailed', MetricUnit.Count, 1);
    failRecord(logger, record, error);
  }
}

/** SQS events queue -> one decision per failed job; failed records are reported, never the batch. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  try {
    return await processPartialResponse(event, recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
}
