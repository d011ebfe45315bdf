import { DescribeJobsCommand } from '@aws-sdk/client-batch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { LineageNews } from '#core/workflow/index.js';
import { sqsRecord } from '../../helpers/sqs-records.js';
import {
  batchMock,
  childFinished,
  clock,
  eventsMock,
  noFailures,
  resubmitWhenDue,
  sfnMock,
  useFunctions,
} from './harness.js';
import { type JobEvent, jobEvent, jobIdOf, stoppedAt } from './job-events.js';

/**
 * The Step Functions exchange end to end, through the real handlers: the state machine submits a
 * job tagged batch-retry:await and calls the await function with the job id and its task token;
 * decide and resubmit run the lineage on dynalite; Step Functions and EventBridge are mocked.
 */
const functions = useFunctions({ eventBus: 'batch-retry-lineages' });

const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAQ-task-token-of-the-wait-state';

/** The root job as the state machine submitted it: the fixture's tags plus the await tag. */
function awaitedRoot(): JobEvent {
  const root = jobEvent('ec2-spot-host-terminated');
  const { resourceArn: _synthetic, ...tags } = root.detail.tags as Record<string, string>;
  return jobEvent('ec2-spot-host-terminated', { tags: { ...tags, 'batch-retry:await': 'step-functions' } });
}

/** The state machine's wait step: DescribeJobs sees the job running, the await function keeps the token. */
async function waitForLineage(root: JobEvent): Promise<void> {
  batchMock
    .on(DescribeJobsCommand, { jobs: [jobIdOf(root)] })
    .resolves({ jobs: [{ ...(root.detail as object), status: 'RUNNING' } as never] });
  clock.set(stoppedAt(root) - 60_000);
  await expect(functions.awaitTask({ jobId: jobIdOf(root), taskToken: TOKEN })).resolves.toEqual({
    outcome: 'waiting',
    rootJobId: jobIdOf(root),
  });
}

/** The lineage events put on the bus so far, in order. */
function lineageEvents(): { detailType: string; news: LineageNews }[] {
  return eventsMock.commandCalls(PutEventsCommand).flatMap((call) =>
    (call.args[0].input.Entries ?? []).map((entry) => ({
      detailType: String(entry.DetailType),
      news: JSON.parse(String(entry.Detail)) as LineageNews,
    })),
  );
}

describe('a Step Functions task waiting on a lineage', () => {
  it("is answered with SendTaskSuccess carrying the child's job id when the resubmitted child succeeds", async () => {
    const root = awaitedRoot();
    await waitForLineage(root);
    clock.set(stoppedAt(root) + 5_000);

    await expect(functions.decide(sqsRecord(root))).resolves.toEqual(noFailures);
    const child = await resubmitWhenDue(functions);
    expect(child.input.tags).toMatchObject({ 'batch-retry:await': 'step-functions' });
    expect(sfnMock.calls()).toHaveLength(0);
    await expect(functions.decide(sqsRecord(childFinished('succeeded', child)))).resolves.toEqual(noFailures);

    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    const sent = sfnMock.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input;
    expect(sent?.taskToken).toBe(TOKEN);
    expect(JSON.parse(String(sent?.output))).toMatchObject({
      status: 'RECOVERED',
      rootJobId: jobIdOf(root),
      latestJobId: child.childJobId,
      failureClass: 'infrastructure',
      attempts: 1,
      policy: { name: 'spot-reclaim', version: 3 },
    });
    expect(lineageEvents().map((e) => [e.detailType, e.news.latestJobId])).toEqual([
      ['Batch Retry Lineage Resubmitted', child.childJobId],
      ['Batch Retry Lineage Closed', child.childJobId],
    ]);
  });

  it('is answered with SendTaskFailure BatchRetry.GaveUp, with the class and the reason, when the lineage gives up', async () => {
    const root = awaitedRoot();
    await waitForLineage(root);
    clock.set(stoppedAt(root) + 5_000);

    await functions.decide(sqsRecord(root));
    const child = await resubmitWhenDue(functions);
    await expect(
      functions.decide(sqsRecord(childFinished('ec2-cannot-pull-container', child))),
    ).resolves.toEqual(noFailures);

    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
    const sent = sfnMock.commandCalls(SendTaskFailureCommand)[0]?.args[0].input;
    expect(sent).toMatchObject({ taskToken: TOKEN, error: 'BatchRetry.GaveUp' });
    expect(JSON.parse(String(sent?.cause))).toMatchObject({
      status: 'GAVE_UP',
      latestJobId: child.childJobId,
      failureClass: 'middleware',
      reason: 'no rule of policy spot-reclaim matched (middleware failure); defaultAction: EXIT',
    });
    expect(lineageEvents().at(-1)?.news).toMatchObject({ status: 'GAVE_UP', republished: false });
  });

  it('is answered at once when the lineage had already ended before the token arrived', async () => {
    const root = awaitedRoot();
    clock.set(stoppedAt(root) + 5_000);
    await functions.decide(sqsRecord(root));
    const child = await resubmitWhenDue(functions);
    await functions.decide(sqsRecord(childFinished('succeeded', child)));
    batchMock.on(DescribeJobsCommand).resolves({ jobs: [root.detail as never] });

    const outcome = await functions.awaitTask({ jobId: jobIdOf(root), taskToken: TOKEN });

    expect(outcome).toEqual({ outcome: 'answered', rootJobId: jobIdOf(root), status: 'RECOVERED' });
    expect(sfnMock).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: TOKEN });
  });

  it('fails the task at once with BatchRetry.UnknownJob for a job that never existed, keeping nothing, and does not fail itself', async () => {
    batchMock.on(DescribeJobsCommand).resolves({ jobs: [] });

    const result = await functions.awaitTask({ jobId: 'no-such-job', taskToken: TOKEN });

    expect(result).toEqual({ outcome: 'refused', error: 'BatchRetry.UnknownJob' });
    const [failure] = sfnMock.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input);
    expect(failure).toMatchObject({
      taskToken: TOKEN,
      error: 'BatchRetry.UnknownJob',
      cause: expect.stringContaining('unknown to AWS Batch'),
    });
    expect(functions.takeRequests().dynamodb.filter((op) => op === 'PutItem')).toEqual([]);
  });

  it('fails at once with BatchRetry.BadRequest when the payload is not a job id and a token', async () => {
    const error = await functions.awaitTask({ JobId: 'x' });

    expect(error).toMatchObject({
      name: 'BatchRetry.BadRequest',
      message: expect.stringContaining('$$.Task.Token'),
    });
  });

  it('fails the task with BatchRetry.BadRequest when the payload has a token but no job id', async () => {
    const result = await functions.awaitTask({ JobId: 'x', taskToken: TOKEN });

    expect(result).toEqual({ outcome: 'refused', error: 'BatchRetry.BadRequest' });
    expect(sfnMock).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: TOKEN,
      error: 'BatchRetry.BadRequest',
    });
  });

  it('drops a token Step Functions refuses (it expired) instead of retrying it', async () => {
    const root = awaitedRoot();
    await waitForLineage(root);
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejects(Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' }));
    clock.set(stoppedAt(root) + 5_000);
    await functions.decide(sqsRecord(root));
    const child = await resubmitWhenDue(functions);
    const success = childFinished('succeeded', child);

    await expect(functions.decide(sqsRecord(success))).resolves.toEqual(noFailures);
    await functions.decide(sqsRecord(success));

    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });
});
