import { type DelayedMessage, type DelayQueuePort, sendOneByOne } from '#core/ports/index.js';

/** One message as sent, with its delay. */
export interface SentMessage<M> {
  readonly message: M;
  readonly delaySeconds: number;
}

/**
 * A DelayQueuePort that records what was sent and hands it back on `drain()`: for the CLI's what-if
 * commands and tests, where the caller decides when a message is delivered.
 */
export class RecordingDelayQueue<M> implements DelayQueuePort<M> {
  private pending: SentMessage<M>[] = [];

  async send(message: M, delaySeconds: number): Promise<void> {
    this.pending.push({ message: structuredClone(message), delaySeconds });
  }

  sendBatch(messages: readonly DelayedMessage<M>[]): Promise<readonly (Error | undefined)[]> {
    return sendOneByOne(this, messages);
  }

  /** Returns every message sent since the last drain, oldest first, and forgets them. */
  drain(): SentMessage<M>[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
