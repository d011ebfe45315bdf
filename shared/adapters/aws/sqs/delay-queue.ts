import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { OrchestratorError } from '#core/errors.js';
import { type DelayedMessage, type DelayQueuePort, MAX_QUEUE_DELAY_SECONDS } from '#core/ports/index.js';

/** Most entries SQS accepts in one SendMessageBatch. */
const MAX_BATCH_ENTRIES = 10;

/**
 * `DelayQueuePort` on a standard SQS queue: the body is `JSON.stringify(message)`, and `DelaySeconds`
 * is the requested delay rounded up to whole seconds and clamped to 0..900 (the SQS per-message
 * maximum; longer waits are chained hops by the consumer; rounding up means a message is never due
 * early). FIFO queues do not support per-message delays. `sendBatch` sends up to 10 messages per
 * SendMessageBatch request and reports each entry SQS refused.
 *
 * Every SQS failure is a transient `OrchestratorError`, so that the record that produced the message
 * is reported as a batch item failure and redelivered.
 */
export function createSqsDelayQueue<M>(client: SQSClient, queueUrl: string): DelayQueuePort<M> {
  const failure = (what: string, error: unknown, delaySeconds?: number) => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new OrchestratorError(
      `could not send ${what} to SQS queue ${queueUrl}: ${reason}; the record that produced it is redelivered and tried again`,
      { transient: true, cause: error, context: { queueUrl, delaySeconds } },
    );
  };
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
        throw failure(`a message (delay ${delay} s)`, error, delay);
      }
    },

    async sendBatch(messages: readonly DelayedMessage<M>[]): Promise<readonly (Error | undefined)[]> {
      const results: (Error | undefined)[] = messages.map(() => undefined);
      for (let start = 0; start < messages.length; start += MAX_BATCH_ENTRIES) {
        const chunk = messages.slice(start, start + MAX_BATCH_ENTRIES);
        try {
          const output = await client.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: chunk.map(({ message, delaySeconds }, i) => ({
                Id: String(start + i),
                MessageBody: JSON.stringify(message),
                DelaySeconds: clampDelay(delaySeconds),
              })),
            }),
          );
          for (const refused of output.Failed ?? []) {
            const index = Number(refused.Id);
            results[index] = failure(
              'a message',
              new Error(`${refused.Code ?? 'Failed'}: ${refused.Message ?? ''}`),
            );
          }
        } catch (error) {
          chunk.forEach((_, i) => {
            results[start + i] = failure(`${chunk.length} message(s)`, error);
          });
        }
      }
      return results;
    },
  };
}

function clampDelay(delaySeconds: number): number {
  if (Number.isNaN(delaySeconds)) {
    return 0;
  }
  return Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
}
