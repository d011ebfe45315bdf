import { sendDigest, stuckAlert } from '#core/alerts/index.js';
import { handleRetryMessage, parseQueuedWork } from '#core/orchestrator/index.js';
import { readFunctionEnv, triggerQueueEnv } from '../common/function-env.js';
import { createObservability } from '../common/observability.js';
import { createSqsHandler, eachRecord } from '../common/sqs-handler.js';
import { stuckMessage } from '../common/stuck-message.js';
import { wireResubmit } from './wiring.js';

const observability = createObservability('batch-retry-resubmit');
const deps = wireResubmit(observability);
const { MAX_RECEIVE_COUNT } = readFunctionEnv(triggerQueueEnv(), process.env);

/**
 * SQS retries queue -> a retry: re-enqueue until due, then claim and SubmitJob (the child is recorded
 * from its own events); an alert digest timer: send the digest of the window it closes.
 */
export const handler = createSqsHandler(
  observability,
  eachRecord(async (record, context) => {
    const work = parseQueuedWork(record.body, `sqs message ${record.messageId}`);
    if (work.kind === 'digest')
      return { outcome: `digest-${await sendDigest(work.message, deps.digests)}` as const };
    return handleRetryMessage(work.message, deps, { remainingMs: () => context.getRemainingTimeInMillis() });
  }),
  {
    metricByOutcome: {
      deferred: 'RetriesDeferred',
      parked: 'RetriesParked',
      paused: 'RetriesPaused',
      submitted: 'JobsResubmitted',
      'recovered-child': 'InterruptedSubmissionsRecovered',
      'already-submitted': 'DuplicateRetriesSkipped',
      'nothing-to-do': 'RetriesWithoutDecision',
      'gave-up': 'ResubmissionsRejected',
      'duplicate-child': 'DuplicateChildrenSubmitted',
      'digest-deferred': 'DigestTimersDeferred',
      'digest-sent': 'DigestsSent',
      'digest-nothing-to-send': 'DigestsEmpty',
      'digest-already-sent': 'DigestsAlreadySent',
    },
    ...(MAX_RECEIVE_COUNT === undefined ? {} : { maxReceiveCount: MAX_RECEIVE_COUNT }),
    onStuck: (record, error) =>
      deps.alerts.publish(stuckAlert(stuckMessage('retries', record, error), Date.now())),
  },
);
