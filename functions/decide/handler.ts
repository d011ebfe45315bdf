import { parseSqsRecord } from '#core/events/index.js';
import { handleJobEvent } from '#core/orchestrator/index.js';
import { createObservability } from '../common/observability.js';
import { createSqsHandler } from '../common/sqs-handler.js';
import { wireDecide } from './wiring.js';

const observability = createObservability('batch-retry-decide');
const deps = wireDecide(observability);

/** SQS events queue -> one decision per failed job; failed records are reported, never the batch. */
export const handler = createSqsHandler(
  observability,
  (record) => handleJobEvent(parseSqsRecord(record), deps),
  {
    ignored: 'EventsIgnored',
    'retry-scheduled': 'RetriesScheduled',
    'gave-up': 'GaveUp',
    recovered: 'LineagesRecovered',
  },
);
