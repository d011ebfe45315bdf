import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { OrchestratorError } from '#core/errors.js';
import { type DelayQueuePort, MAX_QUEUE_DELAY_SECONDS } from '#core/ports/index.js';

/**
 * `DelayQueuePort` on a standard SQS queue: one SendMessage per message, the body is
 * `JSON.stringify(message)`, and `DelaySeconds` is the requested delay rounded up to whole seconds
 * and clamped to 0..900 (the SQS per-message maximum; longer waits are chained hops by the consumer;
 * rounding up means a message is never due early). FIFO queues do not support per-message delays.
 *
 * Every SQS failure is rethrown as a transient `OrchestratorError`, so that the record being handled
 * is reported as a batch item failure and redelivered.
 */
export function createSqsDelayQueue<M>(client: SQSClient, queueUrl: string): DelayQueuePort<M> {
  return {
    async send(message: M, delaySeconds: number): Promise<void> {
      const delay = clampDelay(delaySeconds);
      try {
        await client.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: JSON.stringify(message),
            DelaySeconds: delay,
          }),
        );
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new OrchestratorError(
          `could not send a message to SQS queue ${queueUrl} (delay ${delay} s): ${reason}; ` +
            'the record that produced it is redelivered and tried again',
          { transient: true, cause: error, context: { queueUrl, delaySeconds: delay } },
        );
      }
    },
  };
}

function clampDelay(delaySeconds: number): number {
  if (Number.isNaN(delaySeconds)) {
    return 0;
  }
  return Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
}
