import { handleRetryMessage } from '#core/orchestrator/resubmit.js';
import { parseRetryMessage } from '#core/orchestrator/retry-message.js';
import { createSqsHandler } from '../common/sqs-handler.js';
import { createFunctionContext } from '../common/wiring.js';

const context = createFunctionContext('batch-retry-resubmit');

/** SQS retries queue -> re-enqueue until due, then claim, SubmitJob, record the child. */
export const handler = createSqsHandler(
  context,
  (record) =>
    handleRetryMessage(parseRetryMessage(record.body, `sqs message ${record.messageId}`), context.deps),
  {
    deferred: 'RetriesDeferred',
    submitted: 'JobsResubmitted',
    'recovered-child': 'InterruptedSubmissionsRecovered',
    'already-submitted': 'DuplicateRetriesSkipped',
    'nothing-to-do': 'RetriesWithoutDecision',
    'gave-up': 'ResubmissionsRejected',
  },
);
