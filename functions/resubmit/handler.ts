import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { handleRetryMessage } from '../../shared/orchestrator/resubmit.js';
import { parseRetryMessage } from '../../shared/orchestrator/retry-message.js';
import { failRecord } from '../common/record-failure.js';
import { createFunctionContext } from '../common/wiring.js';

const { logger, metrics, deps } = createFunctionContext('batch-retry-resubmit');
const processor = new BatchProcessor(EventType.SQS);

const METRIC_BY_OUTCOME = {
  deferred: 'RetriesDeferred',
  submitted: 'JobsResubmitted',
  'recovered-child': 'InterruptedSubmissionsRecovered',
  'already-submitted': 'DuplicateRetriesSkipped',
  'nothing-to-do': 'RetriesWithoutDecision',
  'gave-up': 'ResubmissionsRejected',
} as const;

async function recordHandler(record: SQSRecord): Promise<void> {
  try {
    const message = parseRetryMessage(record.body, `sqs message ${record.messageId}`);
    const result = await handleRetryMessage(message, deps);
    metrics.addMetric(METRIC_BY_OUTCOME[result.outcome], MetricUnit.Count, 1);
  } catch (error) {
    metrics.addMetric('RecordsFailed', MetricUnit.Count, 1);
    failRecord(logger, record, error);
  }
}

/** SQS retries queue -> re-enqueue until due, then claim, SubmitJob, record the child. */
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
