import { ListJobsCommand } from '@aws-sdk/client-batch';
import { describe, expect, it } from 'vitest';
import { RECONCILE_EVENT_ID_PREFIX } from '#core/reconcile/index.js';
import { sqsRecord } from '../../helpers/sqs-records.js';
import { batchMock, clock, noFailures, useFunctions } from '../functions/harness.js';
import { childEvent, jobEvent, jobIdOf, stoppedAt } from '../functions/job-events.js';
import { reconciledEvents, runReconcile, serveFailedJobs } from './reconcile-harness.js';

const functions = useFunctions();

const MINUTE = 60_000;

/** A Spot-reclaimed job of the watched queue `spot-queue` that stopped `minutes` after `base`. */
function failure(jobId: string, base: number, minutes: number) {
  const event = jobEvent('ec2-spot-host-terminated', { jobId });
  const shift = base + minutes * MINUTE - stoppedAt(event);
  for (const key of ['createdAt', 'startedAt', 'stoppedAt'] as const) {
    event.detail[key] = Number(event.detail[key]) + shift;
  }
  return event;
}

/** Runs the first sweep at `at`, which only stores the cursor there (minus the settle time). */
async function startSweepingAt(at: number): Promise<void> {
  clock.set(at);
  serveFailedJobs([]);
  await expect(runReconcile()).resolves.toMatchObject({ outcome: 'started', checked: 0 });
}

describe('the reconcile sweep', () => {
  it('starts by storing its cursor, without re-feeding failures from before it existed', async () => {
    const start = stoppedAt(jobEvent('ec2-spot-host-terminated'));
    const old = failure('0ld00000-0000-4000-8000-000000000001', start, -60);

    clock.set(start);
    serveFailedJobs([old]);
    const report = await runReconcile();

    expect(report).toMatchObject({ outcome: 'started', to: { at: start - 5 * MINUTE, jobId: '' } });
    expect(batchMock.commandCalls(ListJobsCommand)).toHaveLength(0);
    expect(reconciledEvents()).toEqual([]);
  });

  it('sends a failure whose event never arrived to the events queue, and decide retries it from there', async () => {
    const start = stoppedAt(jobEvent('ec2-spot-host-terminated'));
    await startSweepingAt(start);
    const lost = failure('10570000-0000-4000-8000-000000000001', start, 1);

    clock.set(start + 10 * MINUTE);
    serveFailedJobs([lost]);
    const report = await runReconcile();

    expect(report).toMatchObject({ outcome: 'swept', checked: 1, sent: 1, notSent: 0 });
    const [event] = reconciledEvents();
    expect(event).toMatchObject({
      source: 'aws.batch',
      'detail-type': 'Batch Job State Change',
      id: `${RECONCILE_EVENT_ID_PREFIX}${jobIdOf(lost)}`,
      account: '123456789012',
      region: 'us-east-1',
      detail: { jobId: jobIdOf(lost), status: 'FAILED' },
    });
    await expect(functions.decide(sqsRecord(event))).resolves.toEqual(noFailures);
    const lineage = await functions.ledger.getLineage(jobIdOf(lost));
    expect(lineage?.decisions.map((d) => [d.failedJobId, d.action])).toEqual([[jobIdOf(lost), 'RETRY']]);
    expect(functions.logs.some((line) => String(line.message).includes('reconcile sweep found'))).toBe(true);
  });

  it('leaves alone the failures decide already decided, a root job and a resubmitted child alike', async () => {
    const start = stoppedAt(jobEvent('ec2-spot-host-terminated'));
    await startSweepingAt(start);
    const root = failure('5ee00000-0000-4000-8000-000000000001', start, 1);
    clock.set(start + 2 * MINUTE);
    await functions.decide(sqsRecord(root));
    clock.set(start + 4 * MINUTE);
    const submitted = {
      input: {
        jobName: 'child',
        jobQueue: 'spot-queue',
        jobDefinition: 'def:1',
        tags: {
          'batch-retry:root-job-id': jobIdOf(root),
          'batch-retry:parent-job-id': jobIdOf(root),
        },
      },
      childJobId: 'c41d0000-0000-4000-8000-000000000009',
    };
    const undecidedChild = childEvent(
      'ec2-spot-host-terminated',
      submitted,
      start + 3 * MINUTE - 43 * MINUTE,
    );

    clock.set(start + 20 * MINUTE);
    serveFailedJobs([root, undecidedChild]);
    const report = await runReconcile();

    expect(report).toMatchObject({ checked: 2, sent: 1 });
    expect(reconciledEvents().map(jobIdOf)).toEqual([submitted.childJobId]);
  });

  it('records one decision when the same failure arrives from EventBridge and from the sweep at once (G1)', async () => {
    const start = stoppedAt(jobEvent('ec2-spot-host-terminated'));
    await startSweepingAt(start);
    const late = failure('1a7e0000-0000-4000-8000-000000000001', start, 1);
    clock.set(start + 10 * MINUTE);
    serveFailedJobs([late]);
    await runReconcile();
    const [reFed] = reconciledEvents();

    const outcomes = await Promise.all([
      functions.decide(sqsRecord(late)),
      functions.decide(sqsRecord(reFed)),
      functions.decide(sqsRecord(reFed)),
    ]);

    expect(outcomes).toEqual([noFailures, noFailures, noFailures]);
    const lineage = await functions.ledger.getLineage(jobIdOf(late));
    expect(lineage?.decisions).toHaveLength(1);
    expect(lineage?.totalAttempts).toBe(1);
    const retries = functions.sent.filter((sent) => 'failedJobId' in sent.message);
    expect(new Set(retries.map((sent) => sent.message.failedJobId))).toEqual(new Set([jobIdOf(late)]));
  });

  it('reads every ListJobs page, checks at most RECONCILE_MAX_JOBS per sweep, and resumes after a restart where it stopped', async () => {
    const start = stoppedAt(jobEvent('ec2-spot-host-terminated'));
    await startSweepingAt(start);
    const jobs = [3, 1, 2].map((m) => failure(`0rd${m}0000-0000-4000-8000-000000000001`, start, m));
    const tooYoung = failure('y0un0000-0000-4000-8000-000000000001', start, 58);
    clock.set(start + 60 * MINUTE);
    serveFailedJobs([...jobs, tooYoung], 2);

    const first = await runReconcile({ RECONCILE_MAX_JOBS: '2' });
    const second = await runReconcile({ RECONCILE_MAX_JOBS: '2' });
    const third = await runReconcile({ RECONCILE_MAX_JOBS: '2' });

    expect([first.sent, second.sent, third.sent]).toEqual([2, 1, 0]);
    expect(reconciledEvents().map(jobIdOf)).toEqual(
      [1, 2, 3].map((m) => `0rd${m}0000-0000-4000-8000-000000000001`),
    );
    expect(second.to).toEqual({ at: start + 55 * MINUTE, jobId: '' });
  });

  it('does not move its cursor past a queue it could not list whole', async () => {
    const start = stoppedAt(jobEvent('ec2-spot-host-terminated'));
    await startSweepingAt(start);
    const jobs = [1, 2, 3].map((m) => failure(`7run${m}000-0000-4000-8000-000000000001`, start, m));
    clock.set(start + 10 * MINUTE);
    serveFailedJobs(jobs, 1);

    const report = await runReconcile({ RECONCILE_MAX_PAGES: '2' });

    expect(report).toMatchObject({ truncatedQueues: ['spot-queue'], sent: 2, to: report.from });
  });

  it('keeps its cursor before a failure it could not send, so the next sweep sends it', async () => {
    const start = stoppedAt(jobEvent('ec2-spot-host-terminated'));
    await startSweepingAt(start);
    const lost = failure('5e4d0000-0000-4000-8000-000000000001', start, 1);
    clock.set(start + 10 * MINUTE);
    serveFailedJobs([lost]);
    functions.rejectNextSendMessage(
      Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' }),
    );

    const failed = await runReconcile();
    const retried = await runReconcile();

    expect(failed).toMatchObject({ sent: 0, notSent: 1, to: failed.from });
    expect(retried).toMatchObject({ sent: 1, notSent: 0 });
  });
});
