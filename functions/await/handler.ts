import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { type AwaitOutcome, awaitLineage } from '#core/workflow/index.js';
import { createObservability } from '../common/observability.js';
import { wireAwait } from './wiring.js';

const observability = createObservability('batch-retry-await');
const deps = wireAwait(observability);

/** The Payload of the state machine's `lambda:invoke.waitForTaskToken` step. */
const requestSchema = z.object({
  jobId: z.string().min(1).max(256),
  taskToken: z.string().min(1),
});

/** A payload that is not `{ jobId, taskToken }`: the task fails with this error name. */
class BadAwaitRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchRetry.BadRequest';
  }
}

/**
 * Invoked by a state machine with `arn:aws:states:::lambda:invoke.waitForTaskToken` and the Payload
 * `{"jobId.$": "$.JobId", "taskToken.$": "$$.Task.Token"}`: keeps the token with the job's lineage
 * (answered when it ends), or answers at once when it already has. A request batch-retry can never
 * answer is refused by throwing, so the task fails at once with the error's name
 * (`BatchRetry.BadRequest`, `BatchRetry.UnknownJob`, `BatchRetry.NotAwaitable`,
 * `BatchRetry.Unmanaged`); any other error is AWS failing and is worth the state's `Retry`.
 */
export async function handler(event: unknown, context: Context): Promise<AwaitOutcome> {
  const { logger, metrics } = observability;
  logger.addContext(context);
  try {
    const parsed = requestSchema.safeParse(event);
    if (!parsed.success) {
      throw new BadAwaitRequest(
        'the await function expects the Payload {"jobId.$": "$.JobId", "taskToken.$": "$$.Task.Token"}: ' +
          parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '),
      );
    }
    const outcome = await awaitLineage(parsed.data, deps);
    metrics.addMetric(
      outcome.outcome === 'waiting' ? 'TasksWaiting' : 'TasksAnsweredAtOnce',
      MetricUnit.Count,
      1,
    );
    return outcome;
  } catch (error) {
    metrics.addMetric('AwaitRequestsFailed', MetricUnit.Count, 1);
    logger.error('could not keep the task token', { error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
}
