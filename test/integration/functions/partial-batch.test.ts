import { SubmitJobCommand } from '@aws-sdk/client-batch';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { redelivered, sqsRecord } from '../../helpers/sqs-records.js';
import { alertsPublished, batchMock, clock, lastSent, sqsMock, useFunctions } from './harness.js';
import { jobEvent, jobIdOf, stoppedAt } from './job-events.js';

const functions = useFunctions();

/** An EventBridge event that reached the queue but is not a Batch job state change. */
const ec2StateChange = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2024-05-14T04:08:29Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0'],
  detail: { 'instance-id': 'i-0123456789abcdef0', state: 'terminated' },
};

/** The STUCK alerts the functions published to the alert topic. */
const stuckAlerts = () => alertsPublished(functions).filter((alert) => alert.kind === 'STUCK');

/** The log lines that mention the SQS message `messageId`. */
const linesAbout = (messageId: string) => functions.logs.filter((line) => line.messageId === messageId);

describe('decide with a partly bad batch', () => {
  it('fails only the malformed and the non-Batch records, decides on the good one, and logs one line per bad record', async () => {
    const event = jobEvent('ec2-spot-host-terminated');
    clock.set(stoppedAt(event) + 5_000);
    const good = sqsRecord(event);
    const notJson = sqsRecord('{"detail-type": "Batch Job State Change", "detail": {');
    const notBatch = sqsRecord(ec2StateChange);

    const response = await functions.decide(notJson, good, notBatch);

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: notJson.messageId },
      { itemIdentifier: notBatch.messageId },
    ]);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(lastSent(functions).message.failedJobId).toBe(jobIdOf(event));
    // Neither bad record can ever be processed: each raises a STUCK alert before it heads for the DLQ.
    expect(stuckAlerts().map((alert) => alert.details?.messageId)).toEqual([
      notJson.messageId,
      notBatch.messageId,
    ]);
    await expect(functions.ledger.getLineage(jobIdOf(event))).resolves.toMatchObject({ status: 'OPEN' });
    expect(linesAbout(good.messageId)).toEqual([]);
    expect(linesAbout(notJson.messageId)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: expect.stringMatching(/^unusable event, will reach the DLQ.*is not JSON/),
        receiveCount: 1,
      }),
    ]);
    expect(linesAbout(notBatch.messageId)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: expect.stringContaining(`sqs message ${notBatch.messageId}`),
        field: expect.stringMatching(/detail-type|source/),
      }),
    ]);
  });

  it('keeps failing a malformed record on every redelivery, saying how often it was received', async () => {
    const first = sqsRecord('not json at all');
    const fifth = redelivered(redelivered(redelivered(redelivered(first))));

    await expect(functions.decide(fifth)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: first.messageId }],
    });

    expect(linesAbout(first.messageId)).toEqual([
      expect.objectContaining({ level: 'ERROR', receiveCount: 5 }),
    ]);
  });

  it('fails a whole batch of bad records record by record instead of throwing', async () => {
    const records = [sqsRecord('['), sqsRecord(ec2StateChange), sqsRecord({})];

    const response = await functions.decide(...records);

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      records.map((r) => r.messageId).sort(),
    );
    expect(functions.logs.filter((line) => line.level === 'ERROR')).toHaveLength(3);
  });
});

describe('resubmit with a partly bad batch', () => {
  it('fails only the records that are not retry messages and submits the due one', async () => {
    const event = jobEvent('ec2-spot-host-terminated');
    clock.set(stoppedAt(event) + 5_000);
    await functions.decide(sqsRecord(event));
    clock.set(lastSent(functions).message.dueAt + 1_000);
    const due = sqsRecord(lastSent(functions).message);
    const notJson = sqsRecord('{"v":1,');
    const notARetry = sqsRecord(event);

    const response = await functions.resubmit(notJson, due, notARetry);

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: notJson.messageId },
      { itemIdentifier: notARetry.messageId },
    ]);
    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 1);
    expect(linesAbout(notJson.messageId)).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: expect.stringMatching(
          /will reach the DLQ after the receive limit: .*the message is not JSON/,
        ),
      }),
    ]);
    expect(linesAbout(notARetry.messageId)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('not a batch-retry retry message') }),
    ]);
    expect(stuckAlerts().map((alert) => alert.details?.messageId)).toEqual([
      notJson.messageId,
      notARetry.messageId,
    ]);
  });
});
