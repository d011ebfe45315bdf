import { parseSqsRecord } from '#core/events/parse.js';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import { createSqsHandler } from '../common/sqs-handler.js';
import { createFunctionContext } from '../common/wiring.js';

const context = createFunctionContext('batch-retry-decide');

/** SQS events queue -> one decision per failed job; failed records are reported, never the batch. */
export const handler = createSqsHandler(
  context,
  (record) => handleJobEvent(parseSqsRecord(record), context.deps),
  {
    ignored: 'EventsIgnored',
    'retry-scheduled': 'RetriesScheduled',
    'gave-up': 'GaveUp',
    recovered: 'LineagesRecovered',
  },
);
