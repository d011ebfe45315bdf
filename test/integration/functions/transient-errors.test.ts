import {
  DescribeJobsCommand,
  type JobDetail,
  ListJobsCommand,
  SubmitJobCommand,
} from '@aws-sdk/client-batch';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { RequestThrottled, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { CLAIM_LEASE_MS } from '#core/orchestrator/resubmit.js';
import { redelivered, sqsRecord } from '../../helpers/sqs-records.js';
import {
  batchMock,
  clock,
  lastSent,
  lastSubmitted,
  noFailures,
  resubmitWhenDue,
  sqsMock,
  useFunctions,
} from './harness.js';
import { jobEvent, jobIdOf, stoppedAt } from './job-events.js';

const functions = useFunctions();

const failed = (record: SQSRecord) => ({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
/** SQS redelivers a failed record after the queue's visibility timeout. */
const VISIBILITY_TIMEOUT_SECONDS = 30;

/** How Batch answers when SubmitJob is called too often (HTTP 429). */
const tooManyRequests = () =>
  Object.assign(new Error('Too Many Requests'), {
    name: 'TooManyRequestsException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
  });

/**
 * Makes the first ledger call for which `when()` holds fail as DynamoDB does when it throttles; every
 * other call reaches dynalite. The ledger goes through lib-dynamodb's document client.
 */
function throttleDynamoDbOnce(when: () => boolean): void {
  const send = DynamoDBDocumentClient.prototype.send;
  let thrown = false;
  function throttled(this: DynamoDBDocumentClient, ...args: unknown[]): Promise<unknown> {
    if (!thrown && when()) {
      thrown = true;
      const message = 'The level of configured provisioned throughput for the table was exceeded.';
      return Promise.reject(new ProvisionedThroughputExceededException({ message, $metadata: {} }));
    }
    return (send as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  }
  vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(throttled as typeof send);
}

/** Decides on a Spot reclaim, sets the clock past its retry's due time, and returns the retry message. */
async function dueRetryOfSpotReclaim(): Promise<{ rootJobId: string; delivery: SQSRecord }> {
  const root = jobEvent('ec2-spot-host-terminated');
  clock.set(stoppedAt(root) + 5_000);
  await expect(functions.decide(sqsRecord(root))).resolves.toEqual(noFailures);
  const { message } = lastSent(functions);
  clock.set(message.dueAt + 1_000);
  return { rootJobId: jobIdOf(root), delivery: sqsRecord(message) };
}

const submissionOf = async (rootJobId: string) =>
  (await functions.ledger.getLineage(rootJobId))?.decisions[0]?.submission;

describe('AWS Batch throttling SubmitJob', () => {
  it('reports the record, ends its claim at once, and the redelivery submits exactly one child', async () => {
    const { rootJobId, delivery } = await dueRetryOfSpotReclaim();
    functions.rejectNextSubmitJob(tooManyRequests());

    await expect(functions.resubmit(delivery)).resolves.toEqual(failed(delivery));
    expect(functions.logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        messageId: delivery.messageId,
        message: expect.stringMatching(/^record failed, will be retried: .*TooManyRequestsException/),
      }),
    );

    // A throttled call created nothing, so the claim's lease ended with it: the next delivery, one
    // visibility timeout later, takes the claim over and submits, without a lookup and without waiting.
    clock.advanceSeconds(VISIBILITY_TIMEOUT_SECONDS);
    await expect(functions.resubmit(redelivered(delivery))).resolves.toEqual(noFailures);

    expect(batchMock).toHaveReceivedCommandTimes(ListJobsCommand, 0);
    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 2);
    expect(functions.submitted).toHaveLength(1);
    const submission = await submissionOf(rootJobId);
    expect(submission).toMatchObject({ state: 'CLAIMED', previousTokens: [expect.any(String)] });
    expect(lastSubmitted(functions).input.tags?.['batch-retry:claim']).toBe(submission?.claimToken);
  });
});

describe('SQS refusing SendMessage', () => {
  it('reports the FAILED event, and its redelivery sends the retry without deciding or counting again', async () => {
    const root = jobEvent('ec2-spot-host-terminated');
    const rootJobId = jobIdOf(root);
    clock.set(stoppedAt(root) + 5_000);
    const throttled = new RequestThrottled({ message: 'Request is throttled.', $metadata: {} });
    functions.rejectNextSendMessage(throttled);
    const delivery = sqsRecord(root);

    await expect(functions.decide(delivery)).resolves.toEqual(failed(delivery));
    await expect(functions.ledger.getLineage(rootJobId)).resolves.toMatchObject({ totalAttempts: 1 });
    clock.advanceSeconds(VISIBILITY_TIMEOUT_SECONDS);
    await expect(functions.decide(redelivered(delivery))).resolves.toEqual(noFailures);
    await resubmitWhenDue(functions);

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(functions.sent).toHaveLength(1);
    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 1);
    const lineage = await functions.ledger.getLineage(rootJobId);
    expect(lineage).toMatchObject({ totalAttempts: 1, counts: { infrastructure: 1 } });
    expect(lineage?.decisions).toHaveLength(1);
  });
});

describe('DynamoDB throttling the ledger', () => {
  it('reports a FAILED event whose ledger write was throttled, and its redelivery decides once', async () => {
    const root = jobEvent('ec2-spot-host-terminated');
    const rootJobId = jobIdOf(root);
    clock.set(stoppedAt(root) + 5_000);
    throttleDynamoDbOnce(() => true);
    const delivery = sqsRecord(root);

    await expect(functions.decide(delivery)).resolves.toEqual(failed(delivery));
    await expect(functions.ledger.getLineage(rootJobId)).resolves.toBeUndefined();
    expect(functions.logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        messageId: delivery.messageId,
        message: expect.stringMatching(
          /^record failed, will be retried: the retry ledger did not answer PutItem: ProvisionedThroughputExceeded/,
        ),
      }),
    );
    await expect(functions.decide(redelivered(delivery))).resolves.toEqual(noFailures);
    await resubmitWhenDue(functions);

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 1);
    await expect(functions.ledger.getLineage(rootJobId)).resolves.toMatchObject({
      totalAttempts: 1,
      counts: { infrastructure: 1 },
    });
  });
});

describe('a SubmitJob whose answer was lost', () => {
  it('finds the child by its lineage tags after the claim lease, instead of submitting again', async () => {
    const { rootJobId, delivery } = await dueRetryOfSpotReclaim();
    functions.loseNextSubmitJobAnswer();

    await expect(functions.resubmit(delivery)).resolves.toEqual(failed(delivery));
    await expect(submissionOf(rootJobId)).resolves.toMatchObject({ state: 'CLAIMED' });

    const child = lastSubmitted(functions);
    const claimedAt = clock.now();
    batchMock.on(ListJobsCommand).resolves({
      jobSummaryList: [
        { jobId: rootJobId, jobName: child.input.jobName, createdAt: claimedAt - 3_600_000 },
        { jobId: child.childJobId, jobName: child.input.jobName, createdAt: claimedAt + 200 },
      ],
    });
    const described: JobDetail = {
      jobId: child.childJobId,
      jobName: child.input.jobName,
      jobQueue: child.input.jobQueue,
      jobDefinition: child.input.jobDefinition,
      status: 'RUNNABLE',
      createdAt: claimedAt + 200,
      startedAt: undefined,
      tags: child.input.tags,
    };
    batchMock.on(DescribeJobsCommand).resolves({ jobs: [described] });

    await expect(functions.resubmit(redelivered(delivery))).resolves.toEqual(failed(delivery));
    clock.advanceSeconds(CLAIM_LEASE_MS / 1000 + VISIBILITY_TIMEOUT_SECONDS);
    await expect(functions.resubmit(redelivered(delivery))).resolves.toEqual(noFailures);

    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 1);
    expect(batchMock).toHaveReceivedCommandWith(ListJobsCommand, {
      jobQueue: child.input.jobQueue,
      filters: [{ name: 'JOB_NAME', values: [child.input.jobName ?? ''] }],
    });
    await expect(submissionOf(rootJobId)).resolves.toMatchObject({
      state: 'SUBMITTED',
      childJobId: child.childJobId,
    });
    expect(functions.logs).toContainEqual(
      expect.objectContaining({ message: 'found the child of an interrupted resubmission' }),
    );
  });
});
