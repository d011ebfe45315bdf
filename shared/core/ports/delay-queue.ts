/**
 * A queue that hands a message back after a delay: SQS with `DelaySeconds` (at most 900 s per hop)
 * on AWS, a timer list in the simulator. Longer delays are chained hops by the consumer.
 */
export interface DelayQueuePort<M> {
  /** Sends `message`, visible after `delaySeconds` (0 to 900, whole seconds). */
  send(message: M, delaySeconds: number): Promise<void>;
}

/** The longest delay SQS allows on one message. */
export const MAX_QUEUE_DELAY_SECONDS = 900;
