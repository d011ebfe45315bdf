import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { SeededRandom } from '#adapters/memory/index.js';
import { parseRetryMessage, wakeAt } from '#core/orchestrator/index.js';
import { redelivered, sqsRecord } from '../helpers/sqs-records.js';
import { clock, type Functions } from '../integration/functions/harness.js';
import type { AwsWorld } from './aws-world.js';

/** How the model delivers: copies of each message, invocations at once. */
export interface Delivery {
  /** Each event is delivered 1 to `eventCopies` times (EventBridge and SQS deliver at least once). */
  readonly eventCopies: number;
  /** Each message sent to the retries queue is delivered 1 to `retryCopies` times. */
  readonly retryCopies: number;
  /** Batches handed to invocations running at the same time. */
  readonly concurrency: number;
}

/**
 * What the queues did: deliveries (copies included), invocations, redeliveries of failed records,
 * the most receives of one record, and the records received more often than their queue's DLQ
 * receive limit allows (they would have left for the DLQ: lost work, with a stuck alert).
 */
export interface QueueStats {
  eventDeliveries: number;
  retryDeliveries: number;
  invocations: number;
  redeliveries: number;
  maxReceiveCount: number;
  pastReceiveLimit: number;
}

const BATCH_SIZE = 10;
/**
 * Seconds a failed record stays invisible before SQS delivers it again: AWS recommends six times the
 * function's timeout for an SQS event source; 180 s for a 30 s function.
 */
const VISIBILITY_TIMEOUT_SECONDS = 180;
/** The DLQs' receive limits: 5 on the events queue, 10 on the retries queue (docs/operations.md). */
const RECEIVE_LIMIT = { events: 5, retries: 10 } as const;

/**
 * The events queue and the retries queue as the functions meet them: at-least-once, in random order,
 * in batches of ten, several invocations at once. A record a handler reports as failed comes back
 * after the visibility timeout with one more receive; a message sent to the retries queue is
 * delivered (1 to retryCopies times) once due. A record past its DLQ's receive limit is counted but
 * still delivered, so that a run shows everything it would lose; `drain` gives up after `maxRounds`.
 */
export class QueueModel {
  readonly stats: QueueStats = {
    eventDeliveries: 0,
    retryDeliveries: 0,
    invocations: 0,
    redeliveries: 0,
    maxReceiveCount: 1,
    pastReceiveLimit: 0,
  };
  #events: SQSRecord[] = [];
  #retries: SQSRecord[] = [];
  #taken = 0;

  constructor(
    private readonly functions: Functions,
    private readonly world: AwsWorld,
    private readonly random: SeededRandom,
    private readonly delivery: Delivery,
  ) {}

  /** What the queues did, for a run's report. */
  tried(): Record<string, number> {
    return {
      'redeliveries of failed records': this.stats.redeliveries,
      'receives of one record at most': this.stats.maxReceiveCount,
    };
  }

  /** What the queues lost, for a run's report: records past a DLQ's limit, deliveries left pending. */
  lost(drained: boolean): Record<string, number> {
    return {
      'records past their DLQ receive limit': this.stats.pastReceiveLimit,
      'deliveries still pending': drained ? 0 : 1,
    };
  }

  /** Puts `event` on the events queue, 1 to `most` times (default: the delivery's eventCopies). */
  putEvent(event: unknown, most = this.delivery.eventCopies): void {
    const copies = this.#copies(most);
    this.stats.eventDeliveries += copies;
    for (let i = 0; i < copies; i++) this.#events.push(sqsRecord(event));
  }

  /** Delivers everything until both queues are empty; false when `maxRounds` was not enough. */
  async drain(maxRounds = 200): Promise<boolean> {
    for (let round = 0; round < maxRounds; round++) {
      this.#takeSent();
      if (this.#events.length === 0 && this.#retries.length === 0) return true;
      const events = this.#shuffle(this.#events.splice(0));
      const failedEvents = await this.#deliver(events, (records) => this.functions.decide(...records));
      this.#takeSent();
      const retries = this.#shuffle(this.#retries.splice(0));
      const due = Math.max(0, ...retries.map((r) => wakeAt(parseRetryMessage(r.body, 'queue model'))));
      if (due > clock.now()) clock.set(due + 1_000);
      const failedRetries = await this.#deliver(retries, (records) => this.functions.resubmit(...records));
      if (failedEvents.length + failedRetries.length > 0) clock.advanceSeconds(VISIBILITY_TIMEOUT_SECONDS);
      this.#events.push(...failedEvents.map((record) => this.#again(record, RECEIVE_LIMIT.events)));
      this.#retries.push(...failedRetries.map((record) => this.#again(record, RECEIVE_LIMIT.retries)));
    }
    return false;
  }

  /** A failed record as SQS delivers it again. */
  #again(record: SQSRecord, receiveLimit: number): SQSRecord {
    const again = redelivered(record);
    const receives = Number(again.attributes.ApproximateReceiveCount);
    this.stats.redeliveries += 1;
    this.stats.maxReceiveCount = Math.max(this.stats.maxReceiveCount, receives);
    if (receives === receiveLimit + 1) this.stats.pastReceiveLimit += 1;
    return again;
  }

  /** Moves what the functions sent to the retries queue onto it, with copies. */
  #takeSent(): void {
    for (const body of this.world.sent.slice(this.#taken)) {
      const copies = this.#copies(this.delivery.retryCopies);
      this.stats.retryDeliveries += copies;
      for (let i = 0; i < copies; i++) this.#retries.push(sqsRecord(body));
    }
    this.#taken = this.world.sent.length;
  }

  /** Hands `records` out in batches, `concurrency` invocations at a time; returns the failed records. */
  async #deliver(
    records: readonly SQSRecord[],
    invoke: (records: SQSRecord[]) => Promise<SQSBatchResponse>,
  ): Promise<SQSRecord[]> {
    const batches: SQSRecord[][] = [];
    for (let i = 0; i < records.length; i += BATCH_SIZE) batches.push(records.slice(i, i + BATCH_SIZE));
    const failed: SQSRecord[] = [];
    for (let i = 0; i < batches.length; i += this.delivery.concurrency) {
      const running = batches.slice(i, i + this.delivery.concurrency);
      this.stats.invocations += running.length;
      const responses = await Promise.all(running.map((batch) => invoke(batch)));
      responses.forEach((response, b) => {
        const ids = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        failed.push(...(running[b] ?? []).filter((r) => ids.has(r.messageId)));
      });
    }
    return failed;
  }

  #copies(most: number): number {
    return 1 + Math.floor(this.random.next() * most);
  }

  #shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}
