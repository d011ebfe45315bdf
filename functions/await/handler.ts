import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { builtOnFirstUse } from '#core/compiled-schema.js';
import { type AwaitOutcome, AwaitRefusedError, awaitLineage } from '#core/workflow/index.js';
import { createObservability } from '../common/observability.js';
import { wireAwait } from './wiring.js';

const observability = createObservability('batch-retry-await');
const deps = wireAwait(observability);

/** The Payload of the state machine's `lambda:invoke.waitForTaskToken` step (built on first use). */
const requestSchema = builtOnFirstUse(() =>
  z.object({
    jobId: z.string().min(1).max(256),
    taskToken: z.string().min(1),
  }),
);

/** A payload that is not `{ jobId, taskToken }`: the task fails with this error name. */
class BadAwaitRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchRetry.BadRequest';
  }
}

/** What the function returns for a request it refused (the task was failed with SendTaskFailure). */
interface Refused {
  readonly outcome: 'refused';
  readonly error: string;
}

/**
 * Invoked by a state machine with `arn:aws:states:::lambda:invoke.waitForTaskToken` and the Payload
 * `{"jobId.$": "$.JobId", "taskToken.$": "$$.Task.Token"}`: keeps the token with the job's lineage
 * (answered when it ends), or answers at once when it already has. A request batch-retry can never
 * answer is refused: the task is failed at once with SendTaskFailure and the error's name
 * (`BatchRetry.UnknownJob`, `BatchRetry.NotAwaitable`, `BatchRetry.Unmanaged`, and
 * `BatchRetry.BadRequest` for a payload with a token but no usable job id), and the invocation
 * succeeds, so a caller's mistake raises no function-error alarm. A payload without a task token
 * cannot be answered that way: it throws `BatchRetry.BadRequest`. Any other error is AWS failing and
 * is worth the state's `Retry`.
 */
export async function handler(event: unknown, context: Context): Promise<AwaitOutcome | Refused> {
  const { logger, metrics } = observability;
  logger.addContext(context);
  try {
    const parsed = requestSchema().safeParse(event);
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
    const taskToken = (event as { taskToken?: unknown } | undefined)?.taskToken;
    const refused = error instanceof AwaitRefusedError || error instanceof BadAwaitRequest;
    if (refused && typeof taskToken === 'string' && taskToken !== '') {
      metrics.addMetric('AwaitRequestsRefused', MetricUnit.Count, 1);
      logger.warn('refused a request the await function can never answer; the task fails', {
        error: error.name,
        reason: error.message,
      });
      await deps.waiters.tasks.answer(taskToken, {
        kind: 'failure',
        error: error.name,
        cause: error.message,
      });
      return { outcome: 'refused', error: error.name };
    }
    metrics.addMetric('AwaitRequestsFailed', MetricUnit.Count, 1);
    logger.error('could not keep the task token', { error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
}
