/** One message for {@link DelayQueuePort.sendBatch}. */
export interface DelayedMessage<M> {
  readonly message: M;
  /** 0 to 900, whole seconds (rounded up and clamped by the adapter). */
  readonly delaySeconds: number;
}

/**
 * A queue that hands a message back after a delay: SQS with `DelaySeconds` (at most 900 s per hop)
 * on AWS, a timer list in the simulator. Longer delays are chained hops by the consumer.
 */
export interface DelayQueuePort<M> {
  /** Sends `message`, visible after `delaySeconds` (0 to 900, whole seconds). */
  send(message: M, delaySeconds: number): Promise<void>;
  /**
   * Sends several messages in as few requests as the queue allows (SQS: 10 per SendMessageBatch).
   * Resolves to one entry per message: undefined when it was sent, else why not. Never rejects.
   */
  sendBatch(messages: readonly DelayedMessage<M>[]): Promise<readonly (Error | undefined)[]>;
}

/** The longest delay SQS allows on one message. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** {@link DelayQueuePort.sendBatch} for a queue that sends one message at a time. */
export async function sendOneByOne<M>(
  queue: Pick<DelayQueuePort<M>, 'send'>,
  messages: readonly DelayedMessage<M>[],
): Promise<readonly (Error | undefined)[]> {
  const results: (Error | undefined)[] = [];
  for (const { message, delaySeconds } of messages) {
    try {
      await queue.send(message, delaySeconds);
      results.push(undefined);
    } catch (error) {
      results.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return results;
}
