import { describe, expect, it } from 'vitest';
import { sqsRecord } from '../../helpers/sqs-records.js';
import {
  type AwsRequests,
  childFinished,
  clock,
  noFailures,
  requestCount,
  resubmitWhenDue,
  useFunctions,
} from './harness.js';
import { type JobEvent, jobEvent, stoppedAt } from './job-events.js';
import { FIRST_ALERT, servePolicy, warmUp } from './request-count-setup.js';

/**
 * The AWS requests each outcome costs, counted on the wire (dynalite) and at the SDK (Batch, SQS,
 * SSM), with the real handlers in a warm container (policies already cached). These counts are the
 * lean decision path's budget (docs/ledger.md, "Requests per outcome"); a change that adds a request
 * fails here. Timing plays no part.
 */
const functions = useFunctions();

/** The requests of one outcome: SSM reads are counted per cache period, not per outcome (see the last test). */
function outcomeRequests(): Omit<AwsRequests, 'ssm'> {
  const { ssm: _perCachePeriod, ...requests } = functions.takeRequests();
  return requests;
}

const total = (requests: Omit<AwsRequests, 'ssm'>) => requestCount({ ...requests, ssm: [] });

describe('AWS requests per outcome', () => {
  it.each([
    [
      false,
      4,
      {
        dynamodb: ['PutItem', 'UpdateItem'],
        batch: ['SubmitJob'],
        sqs: ['SendMessageBatch'],
        ssm: [],
        sns: [],
        events: [],
        sfn: [],
      },
    ],
    [
      true,
      5,
      {
        dynamodb: ['PutItem', 'UpdateItem', 'UpdateItem'],
        batch: ['SubmitJob'],
        sqs: ['SendMessageBatch'],
        ssm: [],
        sns: [],
        events: [],
        sfn: [],
      },
    ],
  ])(
    'a retried failure, decide and resubmit, with the breaker on: %s, costs %i',
    async (breaker, total, expected) => {
      servePolicy(breaker);
      await warmUp(functions);
      const root = jobEvent('ec2-spot-host-terminated');
      clock.set(stoppedAt(root) + 5_000);

      await expect(functions.decide(sqsRecord(root))).resolves.toEqual(noFailures);
      await resubmitWhenDue(functions);

      const { dynamodb, ...others } = functions.takeRequests();
      // The pauses (batch-retry pause): one Query per cache period per resubmit container, as SSM.
      expect(dynamodb.filter((op) => op === 'Query')).toEqual(['Query']);
      const requests = { ...others, dynamodb: dynamodb.filter((op) => op !== 'Query') };
      expect(requests).toEqual(expected);
      expect(requestCount(requests)).toBe(total);
    },
  );

  it('reads the pauses once per cache period and container, not per retry', async () => {
    servePolicy(false);
    const roots = ['a0a0a0a0-0000-4000-8000-000000000001', 'a0a0a0a0-0000-4000-8000-000000000002'].map(
      (jobId) => jobEvent('ec2-spot-host-terminated', { jobId }),
    );
    clock.set(stoppedAt(roots[0] as JobEvent) + 5_000);
    await functions.decide(...roots.map((root) => sqsRecord(root)));
    functions.takeRequests();

    clock.advanceSeconds(61);
    await functions.resubmit(...functions.sent.map(({ message }) => sqsRecord(message)));

    const { dynamodb, batch } = functions.takeRequests();
    expect(dynamodb.filter((op) => op === 'Query')).toEqual(['Query']);
    expect(batch).toEqual(['SubmitJob', 'SubmitJob']);
  });

  it.each([
    [false, ['PutItem']],
    [true, ['PutItem', 'UpdateItem']],
  ])(
    'a give-up, with the breaker on: %s, costs its decision, and the first alert of its cause 7 more',
    async (breaker, decision) => {
      servePolicy(breaker);
      await warmUp(functions);
      const fatal = jobEvent('application-exit-3', { jobQueue: 'spot-queue' });
      clock.set(stoppedAt(fatal) + 5_000);

      await expect(functions.decide(sqsRecord(fatal))).resolves.toEqual(noFailures);

      expect(outcomeRequests()).toEqual({
        dynamodb: [...decision, ...FIRST_ALERT.dynamodb],
        batch: [],
        sqs: FIRST_ALERT.sqs,
        sns: FIRST_ALERT.sns,
        events: [],
        sfn: [],
      });
    },
  );

  it('a give-up whose cause already alerted in the window costs its decision and one count', async () => {
    servePolicy(false);
    await warmUp(functions);
    const first = jobEvent('application-exit-3', { jobQueue: 'spot-queue' });
    const second = jobEvent('application-exit-3', {
      jobQueue: 'spot-queue',
      jobId: 'e0e0e0e0-0000-4000-8000-000000000002',
    });
    clock.set(stoppedAt(first) + 5_000);
    await functions.decide(sqsRecord(first));
    outcomeRequests();

    await expect(functions.decide(sqsRecord(second))).resolves.toEqual(noFailures);

    expect(outcomeRequests()).toEqual({
      dynamodb: ['PutItem', 'UpdateItem'],
      batch: [],
      sqs: [],
      sns: [],
      events: [],
      sfn: [],
    });
    expect(functions.published).toHaveLength(1);
  });

  it('a managed child that succeeds costs one request: the write that records it and closes its lineage', async () => {
    servePolicy(true);
    const root = jobEvent('ec2-spot-host-terminated');
    clock.set(stoppedAt(root) + 5_000);
    await functions.decide(sqsRecord(root));
    const child = await resubmitWhenDue(functions);
    const success = childFinished('succeeded', child);
    functions.takeRequests();

    await expect(functions.decide(sqsRecord(success))).resolves.toEqual(noFailures);

    expect(outcomeRequests()).toEqual({
      dynamodb: ['UpdateItem'],
      batch: [],
      sqs: [],
      sns: [],
      events: [],
      sfn: [],
    });
  });

  it('a first-run success of a job batch-retry never submitted costs nothing', async () => {
    servePolicy(true);
    await warmUp(functions);

    await functions.decide(sqsRecord(jobEvent('succeeded')));

    expect(total(outcomeRequests())).toBe(0);
  });

  it('reads SSM once for a cold batch of ten failures, and counts them on the breaker in one write', async () => {
    servePolicy(true);
    const records = Array.from({ length: 10 }, (_, i) =>
      sqsRecord(jobEvent('ec2-spot-host-terminated', { jobId: `b0b0b0b0-0000-4000-8000-00000000000${i}` })),
    );
    clock.set(stoppedAt(jobEvent('ec2-spot-host-terminated')) + 5_000);

    await expect(functions.decide(...records)).resolves.toEqual(noFailures);

    const requests = functions.takeRequests();
    expect(requests.ssm).toEqual(['GetParametersByPath']);
    expect(requests.sqs).toEqual(['SendMessageBatch']);
    expect(requests.dynamodb.filter((op) => op === 'PutItem')).toHaveLength(10);
    expect(requests.dynamodb.filter((op) => op === 'UpdateItem')).toHaveLength(1);
  });
});
