import { SubmitJobCommand } from '@aws-sdk/client-batch';
import { RequestThrottled, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { RetryMessage } from '#core/orchestrator/retry-message.js';
import { redelivered, sqsRecord } from '../../helpers/sqs-records.js';
import {
  batchMock,
  clock,
  lastSent,
  noFailures,
  RETRIES_QUEUE_URL,
  sqsMock,
  useFunctions,
} from './harness.js';
import { jobEvent, stoppedAt } from './job-events.js';

const functions = useFunctions();

/** SQS hands a delayed message over a little after its delay, never before. */
const DELIVERY_LAG_SECONDS = 2;

/** Decides on a Spot reclaim (a 60 s fixed backoff) and returns the retry message decide sent. */
async function retryOfSpotReclaim(): Promise<RetryMessage> {
  const root = jobEvent('ec2-spot-host-terminated');
  clock.set(stoppedAt(root) + 5_000);
  await expect(functions.decide(sqsRecord(root))).resolves.toEqual(noFailures);
  return lastSent(functions).message;
}

describe('resubmit with a retry message that is not yet due', () => {
  it('sends it back unchanged with the remaining delay and submits nothing', async () => {
    const message = await retryOfSpotReclaim();
    clock.set(message.dueAt - 40_000);

    await expect(functions.resubmit(sqsRecord(message))).resolves.toEqual(noFailures);

    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 0);
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: RETRIES_QUEUE_URL,
      MessageBody: JSON.stringify(message),
      DelaySeconds: 40,
    });
  });

  it('rounds a remaining delay up to whole seconds, so the message never comes back early', async () => {
    const message = await retryOfSpotReclaim();
    clock.set(message.dueAt - 12_300);

    await functions.resubmit(sqsRecord(message));

    expect(lastSent(functions).delaySeconds).toBe(13);
  });

  it('chains 900-second hops for a two-hour delay, each recomputed from dueAt, then submits once', async () => {
    const decided = await retryOfSpotReclaim();
    const message: RetryMessage = { ...decided, dueAt: clock.now() + 2 * 3600_000 };
    let delivery = sqsRecord(message);
    const hops: (number | undefined)[] = [];

    for (let hop = 0; hop < 20 && functions.submitted.length === 0; hop++) {
      await expect(functions.resubmit(delivery)).resolves.toEqual(noFailures);
      if (functions.submitted.length > 0) break;
      const sent = lastSent(functions);
      expect(sent.message).toEqual(message);
      hops.push(sent.delaySeconds);
      clock.advanceSeconds((sent.delaySeconds ?? 0) + DELIVERY_LAG_SECONDS);
      delivery = sqsRecord(sent.message);
    }

    expect(hops).toEqual([900, 900, 900, 900, 900, 900, 900, 886]);
    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 1);
    expect(clock.now()).toBeGreaterThanOrEqual(message.dueAt);
  });

  it('reports a deferred message SQS would not take back, and its redelivery defers it again', async () => {
    const message = await retryOfSpotReclaim();
    clock.set(message.dueAt - 30_000);
    const throttled = new RequestThrottled({ message: 'Request is throttled.', $metadata: {} });
    functions.rejectNextSendMessage(throttled);
    const delivery = sqsRecord(message);

    await expect(functions.resubmit(delivery)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: delivery.messageId }],
    });
    clock.advanceSeconds(10);
    await expect(functions.resubmit(redelivered(delivery))).resolves.toEqual(noFailures);

    expect(functions.sent.at(-1)).toEqual({ message, delaySeconds: 20 });
    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 0);
  });
});
