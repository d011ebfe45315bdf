import { describe, expect, it } from 'vitest';
import { sqsRecord } from '../../helpers/sqs-records.js';
import { childFinished, clock, noFailures, resubmitWhenDue, useFunctions } from './harness.js';
import { type JobEvent, jobEvent, jobIdOf, stoppedAt } from './job-events.js';
import { FIRST_ALERT, servePolicy, warmUp } from './request-count-setup.js';

/**
 * The AWS requests of each outcome with lineage events on (LINEAGE_EVENT_BUS set) and, for jobs
 * tagged batch-retry:await, a Step Functions task waiting (request-counts.test.ts counts the same
 * outcomes without them). The breaker is off, so each count is the outcome's own. Counted on the
 * wire (dynalite) and at the SDK (Batch, SQS, EventBridge, Step Functions); SSM is per cache period.
 */
const functions = useFunctions({ eventBus: 'default' });

const AWAIT = { 'batch-retry:await': 'step-functions' };

/**
 * The requests since the last call, without those made per cache period and container, not per
 * outcome: SSM, and the resubmit function's Query of the pauses (`pauseReads` says how many).
 */
function outcomeRequests(pauseReads = 0) {
  const { ssm: _perCachePeriod, dynamodb, ...requests } = functions.takeRequests();
  const pauses = dynamodb.indexOf('Query');
  if (pauseReads > 0) expect(pauses).toBeGreaterThanOrEqual(0);
  return { ...requests, dynamodb: pauseReads > 0 ? dynamodb.filter((_, i) => i !== pauses) : dynamodb };
}

/** A Spot reclaim of the root job, tagged `tags` (the fixture's own tags are kept). */
function reclaimed(tags: Record<string, string> = {}): JobEvent {
  const root = jobEvent('ec2-spot-host-terminated');
  const { resourceArn: _synthetic, ...own } = root.detail.tags as Record<string, string>;
  return jobEvent('ec2-spot-host-terminated', { tags: { ...own, ...tags } });
}

/** A task waits on `root`'s lineage (written straight into the table, as the await function would). */
async function taskWaitsOn(root: JobEvent): Promise<void> {
  const { createDynamoDbWaiters } = await import('#adapters/aws/dynamodb/waiters.js');
  const tableName = String(process.env.LEDGER_TABLE);
  const { dynaliteClient } = await import('../../helpers/dynalite.js');
  const client = dynaliteClient(String(process.env.AWS_ENDPOINT_URL_DYNAMODB));
  await createDynamoDbWaiters({ client, tableName }).register({
    rootJobId: jobIdOf(root),
    jobId: jobIdOf(root),
    taskToken: 'token-1',
    registeredAt: 0,
  });
  client.destroy();
}

/**
 * `root` fails (a Spot reclaim), is resubmitted, and its child succeeds; the requests of everything
 * before the child's success are forgotten.
 */
async function childSucceeds(root: JobEvent): Promise<void> {
  servePolicy(false);
  clock.set(stoppedAt(root) + 5_000);
  await functions.decide(sqsRecord(root));
  const success = childFinished('succeeded', await resubmitWhenDue(functions));
  functions.takeRequests();
  await functions.decide(sqsRecord(success));
}

describe('AWS requests per outcome with lineage events', () => {
  it('a retried failure costs 5: the four of a retry and one PutEvents for the resubmission', async () => {
    servePolicy(false);
    await warmUp(functions);
    const root = reclaimed();
    clock.set(stoppedAt(root) + 5_000);

    await functions.decide(sqsRecord(root));
    await resubmitWhenDue(functions);

    expect(outcomeRequests(1)).toEqual({
      dynamodb: ['PutItem', 'UpdateItem'],
      batch: ['SubmitJob'],
      sqs: ['SendMessageBatch'],
      events: ['PutEvents'],
      sfn: [],
      sns: [],
    });
  });

  it('a give-up costs 2, the decision and one PutEvents, beside the first alert of its cause', async () => {
    servePolicy(false);
    await warmUp(functions);
    const fatal = jobEvent('application-exit-3', { jobQueue: 'spot-queue' });
    clock.set(stoppedAt(fatal) + 5_000);

    await expect(functions.decide(sqsRecord(fatal))).resolves.toEqual(noFailures);

    expect(outcomeRequests()).toEqual({
      dynamodb: ['PutItem', ...FIRST_ALERT.dynamodb],
      batch: [],
      sqs: FIRST_ALERT.sqs,
      events: ['PutEvents'],
      sfn: [],
      sns: FIRST_ALERT.sns,
    });
  });

  it('a managed child that succeeds costs 2 when no task waits on it: the closing write and one PutEvents', async () => {
    await childSucceeds(reclaimed());

    expect(outcomeRequests()).toEqual({
      dynamodb: ['UpdateItem'],
      batch: [],
      sqs: [],
      events: ['PutEvents'],
      sfn: [],
      sns: [],
    });
  });

  it('a managed child whose lineage a task awaits costs 5: closing, PutEvents, the waiters Query, SendTaskSuccess, forgetting the waiter', async () => {
    const root = reclaimed(AWAIT);
    await taskWaitsOn(root);

    await childSucceeds(root);

    expect(outcomeRequests()).toEqual({
      dynamodb: ['UpdateItem', 'Query', 'DeleteItem'],
      batch: [],
      sqs: [],
      events: ['PutEvents'],
      sfn: ['SendTaskSuccess'],
      sns: [],
    });
  });

  it('a first-run success costs nothing untagged, one Query tagged with no task waiting, and 4 with one', async () => {
    servePolicy(false);
    await warmUp(functions);
    const untagged = jobEvent('succeeded');
    const tagged = jobEvent('succeeded', { tags: AWAIT });

    await functions.decide(sqsRecord(untagged));
    const nothing = outcomeRequests();
    await functions.decide(sqsRecord(tagged));
    const lookedUp = outcomeRequests();
    await taskWaitsOn(tagged);
    functions.takeRequests();
    await functions.decide(sqsRecord(tagged));

    expect(nothing).toEqual({ dynamodb: [], batch: [], sqs: [], events: [], sfn: [], sns: [] });
    expect(lookedUp).toEqual({ dynamodb: ['Query'], batch: [], sqs: [], events: [], sfn: [], sns: [] });
    expect(outcomeRequests()).toEqual({
      dynamodb: ['Query', 'DeleteItem'],
      batch: [],
      sqs: [],
      events: ['PutEvents'],
      sfn: ['SendTaskSuccess'],
      sns: [],
    });
  });
});
