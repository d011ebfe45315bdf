import type { SQSRecord } from 'aws-lambda';
import { stuckAlert } from '#core/alerts/index.js';
import { type NormalisedJob, parseSqsRecord } from '#core/events/index.js';
import { type EventOutcome, handleJobEvents } from '#core/orchestrator/index.js';
import { isReconciled } from '#core/reconcile/index.js';
import { readFunctionEnv, triggerQueueEnv } from '../common/function-env.js';
import { createObservability } from '../common/observability.js';
import { createSqsHandler } from '../common/sqs-handler.js';
import { stuckMessage } from '../common/stuck-message.js';
import { wireDecide } from './wiring.js';

const observability = createObservability('batch-retry-decide');
const deps = wireDecide(observability);
const { MAX_RECEIVE_COUNT } = readFunctionEnv(triggerQueueEnv(), process.env);

/** Parses every record, then decides the usable ones as one batch; a record that cannot be parsed keeps its error. */
async function decideBatch(records: readonly SQSRecord[]): Promise<readonly (EventOutcome | Error)[]> {
  const parsed = records.map((record): NormalisedJob | Error => {
    try {
      return parseSqsRecord(record);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
  const jobs = parsed.filter((p): p is NormalisedJob => !(p instanceof Error));
  for (const job of jobs.filter(isReconciled)) {
    observability.logger.info(
      'deciding a failure the reconcile sweep found (its EventBridge event never arrived)',
      {
        jobId: job.jobId,
        jobName: job.jobName,
        eventId: job.event?.id,
      },
    );
  }
  const decided = await handleJobEvents(jobs, deps);
  let next = 0;
  return parsed.map((p) => (p instanceof Error ? p : (decided[next++] ?? new Error('no outcome'))));
}

/** SQS events queue -> one decision per failed job; failed records are reported, never the batch. */
export const handler = createSqsHandler(observability, decideBatch, {
  metricByOutcome: {
    ignored: 'EventsIgnored',
    'retry-scheduled': 'RetriesScheduled',
    'gave-up': 'GaveUp',
    'orphan-failed': 'DuplicateChildFailures',
    recovered: 'LineagesRecovered',
    'first-run-success': 'AwaitedFirstRunSuccesses',
  },
  failureClassOf: (outcome) =>
    'decision' in outcome && !('duplicate' in outcome && outcome.duplicate)
      ? outcome.decision.failureClass
      : undefined,
  ...(MAX_RECEIVE_COUNT === undefined ? {} : { maxReceiveCount: MAX_RECEIVE_COUNT }),
  onStuck: (record, error) =>
    deps.alerts.publish(stuckAlert(stuckMessage('events', record, error), Date.now())),
});
