import { SubmitJobCommand } from '@aws-sdk/client-batch';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { sqsRecord } from '../../helpers/sqs-records.js';
import {
  alertsPublished,
  batchMock,
  childFinished,
  clock,
  lastSent,
  noFailures,
  POLICY_VERSION,
  RETRIES_QUEUE_URL,
  resubmitWhenDue,
  sqsMock,
  useFunctions,
} from './harness.js';
import { jobEvent, jobIdOf, stoppedAt } from './job-events.js';

const functions = useFunctions();

/** The lineage tags a child of `rootJobId` must carry, for its parent and attempt number. */
const lineageTags = (rootJobId: string, parentJobId: string, attempt: number, policy: string) => ({
  'batch-retry:root-job-id': rootJobId,
  'batch-retry:parent-job-id': parentJobId,
  'batch-retry:attempt': String(attempt),
  'batch-retry:policy': policy,
});

describe('walkthrough 1: a Spot reclaim followed by success', () => {
  it('resubmits the reclaimed job once, as it was, and closes the lineage as RECOVERED when the child succeeds', async () => {
    const root = jobEvent('ec2-spot-host-terminated');
    const rootJobId = jobIdOf(root);
    clock.set(stoppedAt(root) + 5_000);

    await expect(functions.decide(sqsRecord(root))).resolves.toEqual(noFailures);
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: RETRIES_QUEUE_URL,
      Entries: [expect.objectContaining({ DelaySeconds: 60 })],
    });
    expect(lastSent(functions).message).toEqual({
      v: 2,
      rootJobId,
      failedJobId: rootJobId,
      dueAt: clock.now() + 60_000,
      notAfter: (root.detail.createdAt as number) + 7 * 86_400_000,
    });

    const child = await resubmitWhenDue(functions);
    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 1);
    expect(batchMock).toHaveReceivedCommandWith(SubmitJobCommand, {
      jobName: 'nightly-etl-orders',
      jobQueue: root.detail.jobQueue as string,
      jobDefinition: root.detail.jobDefinition as string,
      tags: {
        team: 'data-platform',
        pipeline: 'nightly',
        ...lineageTags(rootJobId, rootJobId, 2, 'spot-reclaim'),
        'batch-retry:state': expect.stringMatching(/^t=1 k=infrastructure:1 pv=3 c=\d+ d=60$/),
        'batch-retry:claim': expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    });

    await expect(functions.decide(sqsRecord(childFinished('succeeded', child)))).resolves.toEqual(noFailures);

    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 1);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    const lineage = await functions.ledger.getLineage(rootJobId);
    expect(lineage).toMatchObject({
      status: 'RECOVERED',
      policyName: 'spot-reclaim',
      policyVersion: POLICY_VERSION,
      counts: { infrastructure: 1 },
    });
    expect(lineage?.decisions).toEqual([
      expect.objectContaining({
        failedJobId: rootJobId,
        action: 'RETRY',
        failureClass: 'infrastructure',
        submission: expect.objectContaining({ state: 'SUBMITTED', childJobId: child.childJobId }),
      }),
    ]);
    expect(functions.logs).toContainEqual(
      expect.objectContaining({ message: 'lineage recovered', rootJobId, jobId: child.childJobId }),
    );
  });
});

describe('walkthrough 2: random exit codes, where 1 and 2 retry and 3 is fatal', () => {
  /** A job the random-exit-codes policy governs (by name), on a queue no other example policy matches. */
  const flakyRoot = () =>
    jobEvent('application-exit-1', { jobName: 'random-exit-demo', jobQueue: 'general-queue' });

  it('retries exit 1 and exit 2, then gives up on exit 3 with one alert and no further SubmitJob', async () => {
    const root = flakyRoot();
    const rootJobId = jobIdOf(root);
    clock.set(stoppedAt(root) + 5_000);

    await expect(functions.decide(sqsRecord(root))).resolves.toEqual(noFailures);
    const firstChild = await resubmitWhenDue(functions);
    expect(firstChild.input.tags).toMatchObject(lineageTags(rootJobId, rootJobId, 2, 'random-exit-codes'));

    const exit2 = childFinished('application-exit-2', firstChild);
    await expect(functions.decide(sqsRecord(exit2))).resolves.toEqual(noFailures);
    const secondChild = await resubmitWhenDue(functions);
    expect(secondChild.input.tags).toMatchObject(
      lineageTags(rootJobId, firstChild.childJobId, 3, 'random-exit-codes'),
    );

    const exit3 = childFinished('application-exit-3', secondChild);
    await expect(functions.decide(sqsRecord(exit3))).resolves.toEqual(noFailures);

    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 2);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    const lineage = await functions.ledger.getLineage(rootJobId);
    expect(lineage).toMatchObject({ status: 'GAVE_UP', policyName: 'random-exit-codes', totalAttempts: 3 });
    expect(lineage?.decisions.map((d) => [d.failedJobId, d.action])).toEqual([
      [rootJobId, 'RETRY'],
      [firstChild.childJobId, 'RETRY'],
      [secondChild.childJobId, 'EXIT'],
    ]);
    expect(alertsPublished(functions)).toEqual([
      expect.objectContaining({
        kind: 'GAVE_UP',
        jobId: secondChild.childJobId,
        rootJobId,
        failureClass: 'application',
      }),
    ]);
  });

  it('retries exit 1 and exit 2, then closes the lineage as RECOVERED when exit 0 follows', async () => {
    const root = flakyRoot();
    const rootJobId = jobIdOf(root);
    clock.set(stoppedAt(root) + 5_000);

    await functions.decide(sqsRecord(root));
    const firstChild = await resubmitWhenDue(functions);
    await functions.decide(sqsRecord(childFinished('application-exit-2', firstChild)));
    const secondChild = await resubmitWhenDue(functions);
    await expect(functions.decide(sqsRecord(childFinished('succeeded', secondChild)))).resolves.toEqual(
      noFailures,
    );

    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 2);
    const lineage = await functions.ledger.getLineage(rootJobId);
    expect(lineage).toMatchObject({ status: 'RECOVERED', totalAttempts: 2 });
    expect(lineage?.decisions.map((d) => d.submission?.childJobId)).toEqual([
      firstChild.childJobId,
      secondChild.childJobId,
    ]);
    expect(alertsPublished(functions)).toEqual([]);
  });
});

describe('walkthrough 3: an image that cannot be pulled', () => {
  it('gives up at once with an alert, submitting nothing and scheduling nothing', async () => {
    const root = jobEvent('ec2-cannot-pull-container', {
      jobQueue: 'general-queue',
      jobDefinition: 'image-pull-worker:3',
    });
    const rootJobId = jobIdOf(root);
    clock.set(stoppedAt(root) + 5_000);

    await expect(functions.decide(sqsRecord(root))).resolves.toEqual(noFailures);

    expect(batchMock).toHaveReceivedCommandTimes(SubmitJobCommand, 0);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
    const lineage = await functions.ledger.getLineage(rootJobId);
    expect(lineage).toMatchObject({
      status: 'GAVE_UP',
      policyName: 'image-pull-fatal',
      counts: { middleware: 1 },
    });
    expect(lineage?.decisions).toEqual([
      expect.objectContaining({ action: 'EXIT', failureClass: 'middleware', reason: expect.any(String) }),
    ]);
    expect(alertsPublished(functions)).toEqual([
      expect.objectContaining({ kind: 'GAVE_UP', jobId: rootJobId, failureClass: 'middleware' }),
    ]);
  });
});
