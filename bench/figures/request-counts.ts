import type { SubmitJobCommandInput } from '@aws-sdk/client-batch';
import { requestCountPolicy } from '../../test/helpers/policies.js';
import {
  childEvent,
  type JobEvent,
  jobEvent,
  stoppedAt,
} from '../../test/integration/functions/job-events.js';
import type { Figure, Measurement } from '../figure.js';
import type { AwsRequest } from '../rig/aws-stand-ins.js';
import { FunctionRig, SQS_BATCH_SIZE } from '../rig/function-rig.js';

const QUEUES = {
  breaker: 'spot-queue',
  noBreaker: 'spot-queue-no-breaker',
  quiet: 'quiet-queue',
  quietNoBreaker: 'quiet-queue-no-breaker',
} as const;
/**
 * The policy of request-counts.test.ts, on four queues: the breaker on (its default) and off, each
 * with its alerts (a give-up alerts by default) and without, so a give-up is counted apart from its
 * alert.
 */
const POLICIES = [
  requestCountPolicy('spot', QUEUES.breaker, true),
  requestCountPolicy('spot-no-breaker', QUEUES.noBreaker, false),
  { ...requestCountPolicy('quiet', QUEUES.quiet, true), alerts: { on: [] } },
  { ...requestCountPolicy('quiet-no-breaker', QUEUES.quietNoBreaker, false), alerts: { on: [] } },
];

let jobs = 0;
/** A fixture event for a new job on `queue`, the clock 5 s after it stopped. */
function failure(rig: FunctionRig, fixture: string, queue: string): JobEvent {
  jobs += 1;
  const jobId = `b0b0b0b0-0000-4000-8000-${jobs.toString().padStart(12, '0')}`;
  const event = jobEvent(fixture, { jobId, jobQueue: queue });
  rig.now = Math.max(rig.now, stoppedAt(event) + 5_000);
  return event;
}

/**
 * What a scenario cost: every request but those made per cache period and container, not per
 * outcome (SSM's policies, and the resubmit function's Query of the pauses, `PAUSE_CACHE_SECONDS`).
 */
function billed(requests: readonly AwsRequest[]): AwsRequest[] {
  return requests.filter(
    (r) => r.service !== 'ssm' && !(r.service === 'dynamodb' && r.operation === 'Query'),
  );
}

const names = (requests: readonly AwsRequest[]) => requests.map((r) => r.operation).join(', ') || 'none';

/** A retried failure end to end: decide records and enqueues, resubmit claims and submits. */
async function retry(rig: FunctionRig, queue: string): Promise<AwsRequest[]> {
  rig.aws.takeRequests();
  await rig.decideEvents([failure(rig, 'ec2-spot-host-terminated', queue)]);
  await rig.resubmitDue();
  return billed(rig.aws.takeRequests());
}

async function giveUp(rig: FunctionRig, queue: string): Promise<AwsRequest[]> {
  rig.aws.takeRequests();
  await rig.decideEvents([failure(rig, 'application-exit-3', queue)]);
  return billed(rig.aws.takeRequests());
}

/** The SUCCEEDED event of the child the last retry created. */
async function managedSuccess(rig: FunctionRig): Promise<AwsRequest[]> {
  await retry(rig, QUEUES.breaker);
  const [child] = rig.aws.takeCreated().slice(-1);
  if (child === undefined) throw new Error('the retry created no child');
  const submitted = { input: child.request as unknown as SubmitJobCommandInput, childJobId: child.jobId };
  const success = childEvent('succeeded', submitted, rig.now);
  rig.now = stoppedAt(success) + 5_000;
  await rig.decideEvents([success]);
  return billed(rig.aws.takeRequests());
}

/**
 * SSM reads of one cold container over two cache periods (60 s each): a first batch of ten failures
 * whose records load policies at once, five more batches inside the period, one after it.
 */
async function ssmReadsPerPeriod(rig: FunctionRig): Promise<number> {
  const cold = await rig.coldContainer('decide');
  rig.aws.takeRequests();
  const batch = () =>
    Array.from({ length: SQS_BATCH_SIZE }, () => failure(rig, 'ec2-spot-host-terminated', QUEUES.noBreaker));
  for (let i = 0; i < 6; i++) {
    await rig.decideEvents(batch(), cold);
    rig.now += 5_000;
  }
  rig.now += 60_000;
  await rig.decideEvents(batch(), cold);
  const reads = rig.aws.takeRequests().filter((r) => r.service === 'ssm').length;
  return reads / 2;
}

/**
 * What the GAVE_UP alert adds to a give-up (breaker off): the first alert of a cause in a quiet
 * window (counted, published, its window and digest timer recorded), and a second one of the same
 * cause inside the window (counted only; it goes out in the digest).
 */
async function alertRows(rig: FunctionRig): Promise<Measurement[]> {
  const base = (await giveUp(rig, QUEUES.quietNoBreaker)).length;
  const first = (await giveUp(rig, QUEUES.noBreaker)).slice(base);
  const repeat = (await giveUp(rig, QUEUES.noBreaker)).slice(base);
  return [
    row('alert.first', 'the first alert of a cause, beside its give-up', first),
    row('alert.repeat', 'another alert of that cause in its window', repeat),
  ];
}

function row(key: string, label: string, requests: readonly AwsRequest[], bound?: number): Measurement {
  return {
    key: `requests.${key}`,
    label,
    value: requests.length,
    unit: 'requests',
    ...(bound === undefined ? {} : { target: { op: '<=', bound } }),
    note: names(requests),
  };
}

/**
 * 2. AWS requests per outcome, counted on the wire (dynalite and the stand-ins) while the bundled
 * handlers run in warm Node 22 containers, SSM reads excepted (counted per cache period per
 * container). Targets from issue 10.
 */
export const requestCounts: Figure = {
  id: 'requests',
  title: '2. AWS requests per outcome',
  async measure(context) {
    const rig = await FunctionRig.start(context, POLICIES);
    try {
      // Warm both containers (and the policy cache): a failure on each queue, retried.
      await retry(rig, QUEUES.breaker);
      await retry(rig, QUEUES.noBreaker);
      rig.aws.takeCreated();
      const rows = [
        row(
          'retry',
          'a retried failure, decide + resubmit (breaker on)',
          await retry(rig, QUEUES.breaker),
          5,
        ),
        row('retry.no-breaker', 'a retried failure, breaker off', await retry(rig, QUEUES.noBreaker), 4),
        row('give-up', 'a give-up, alert excluded (breaker on)', await giveUp(rig, QUEUES.quiet), 2),
        row('give-up.no-breaker', 'a give-up, breaker off', await giveUp(rig, QUEUES.quietNoBreaker)),
        ...(await alertRows(rig)),
        row('managed-success', 'the SUCCEEDED event of a resubmitted child', await managedSuccess(rig), 1),
      ];
      rig.aws.takeRequests();
      jobs += 1;
      await rig.decideEvents([jobEvent('succeeded', { jobId: `5ucce55-0000-4000-8000-${jobs}` })]);
      rows.push(
        row(
          'unmanaged-success',
          'a first-run success batch-retry never touched',
          billed(rig.aws.takeRequests()),
          0,
        ),
      );
      rows.push({
        key: 'requests.ssm-reads-per-cache-period',
        label: 'SSM reads per cache period per container',
        value: await ssmReadsPerPeriod(rig),
        unit: 'reads',
        target: { op: '<=', bound: 1 },
        note: 'one cold container, 7 batches of 10 failures over 2 periods of 60 s',
      });
      return rows;
    } finally {
      await rig.stop();
    }
  },
};
