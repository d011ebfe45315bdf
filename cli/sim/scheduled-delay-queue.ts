import { OrchestratorError } from '#core/errors.js';
import {
  type DelayedMessage,
  type DelayQueuePort,
  MAX_QUEUE_DELAY_SECONDS,
  sendOneByOne,
} from '#core/ports/index.js';
import type { Scheduler } from './scheduler.js';

/**
 * A DelayQueuePort on virtual time: `send` hands the message to `consumer` after `delaySeconds`,
 * as the SQS retries queue hands it to the resubmit function. Messages are cloned on send (SQS
 * carries bytes, not references). Rejects what SQS rejects: a delay outside 0 to 900 whole seconds.
 */
export class ScheduledDelayQueue<M> implements DelayQueuePort<M> {
  private readonly scheduler: Scheduler;
  private readonly consumer: (message: M) => void | Promise<void>;
  private sentCount = 0;

  constructor(scheduler: Scheduler, consumer: (message: M) => void | Promise<void>) {
    this.scheduler = scheduler;
    this.consumer = consumer;
  }

  /** Messages sent so far (each hop of a chained delay counts). */
  get sent(): number {
    return this.sentCount;
  }

  async send(message: M, delaySeconds: number): Promise<void> {
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_QUEUE_DELAY_SECONDS) {
      throw new OrchestratorError(
        `InvalidParameterValue: DelaySeconds ${delaySeconds} is not a whole number from 0 to ${MAX_QUEUE_DELAY_SECONDS}`,
        { transient: false, context: { delaySeconds } },
      );
    }
    this.sentCount++;
    const copy = structuredClone(message);
    this.scheduler.after(delaySeconds * 1000, () => this.consumer(copy));
  }

  sendBatch(messages: readonly DelayedMessage<M>[]): Promise<readonly (Error | undefined)[]> {
    return sendOneByOne(this, messages);
  }
}
