import { stuckAlert } from '#core/alerts/index.js';
import { handleRetryMessage, parseRetryMessage } from '#core/orchestrator/index.js';
import { readFunctionEnv, triggerQueueEnv } from '../common/function-env.js';
import { createObservability } from '../common/observability.js';
import { createSqsHandler, eachRecord } from '../common/sqs-handler.js';
import { stuckMessage } from '../common/stuck-message.js';
import { wireResubmit } from './wiring.js';

const observability = createObservability('batch-retry-resubmit');
const deps = wireResubmit(observability);
const { MAX_RECEIVE_COUNT } = readFunctionEnv(triggerQueueEnv, process.env);

/** SQS retries queue -> re-enqueue until due, then claim and SubmitJob (the child is recorded from its own events). */
export const handler = createSqsHandler(
  observability,
  eachRecord((record, context) =>
    handleRetryMessage(parseRetryMessage(record.body, `sqs message ${record.messageId}`), deps, {
      remainingMs: () => context.getRemainingTimeInMillis(),
    }),
  ),
  {
    metricByOutcome: {
      deferred: 'RetriesDeferred',
      paused: 'RetriesPaused',
      submitted: 'JobsResubmitted',
      'recovered-child': 'InterruptedSubmissionsRecovered',
      'already-submitted': 'DuplicateRetriesSkipped',
      'nothing-to-do': 'RetriesWithoutDecision',
      'gave-up': 'ResubmissionsRejected',
      'duplicate-child': 'DuplicateChildrenSubmitted',
    },
    ...(MAX_RECEIVE_COUNT === undefined ? {} : { maxReceiveCount: MAX_RECEIVE_COUNT }),
    onStuck: (record, error) =>
      deps.alerts.publish(stuckAlert(stuckMessage('retries', record, error), Date.now())),
  },
);
