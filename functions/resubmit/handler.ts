import { handleRetryMessage, parseRetryMessage } from '#core/orchestrator/index.js';
import { createObservability } from '../common/observability.js';
import { createSqsHandler } from '../common/sqs-handler.js';
import { wireResubmit } from './wiring.js';

const observability = createObservability('batch-retry-resubmit');
const deps = wireResubmit(observability);

/** SQS retries queue -> re-enqueue until due, then claim, SubmitJob, record the child. */
export const handler = createSqsHandler(
  observability,
  (record) => handleRetryMessage(parseRetryMessage(record.body, `sqs message ${record.messageId}`), deps),
  {
    deferred: 'RetriesDeferred',
    submitted: 'JobsResubmitted',
    'recovered-child': 'InterruptedSubmissionsRecovered',
    'already-submitted': 'DuplicateRetriesSkipped',
    'nothing-to-do': 'RetriesWithoutDecision',
    'gave-up': 'ResubmissionsRejected',
  },
);
