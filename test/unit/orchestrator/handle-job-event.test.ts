import { describe, expect, it } from 'vitest';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import { LINEAGE_TAG_KEYS } from '#core/submit/lineage-tags.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { NOW } from '../decide/decide-fixtures.js';
import { orchestratorWorld } from './orchestrator-world.js';

/** Job id of the application-exit-1 fixture, the root of the lineages below. */
const APPLICATION_EXIT_1 = '319558c3-a3f9-4017-b57d-c82ed28380ee';

const failedJob = () => jobFromFixture('application-exit-1');

/** Exit 3 is fatal: the first rule gives up at once. */
const EXIT_ON_3 = loadedPolicy({
  name: 'default',
  defaultAction: 'RETRY',
  rules: [{ onExitCode: '3', action: 'EXIT', description: 'bad input, a rerun cannot help' }],
});

describe('handleJobEvent: a failure to retry', () => {
  it('records a RETRY and sends the message with DelaySeconds capped at 900', async () => {
    const w = orchestratorWorld();

    const outcome = await handleJobEvent(failedJob(), w.decideDeps);

    expect(outcome).toMatchObject({
      outcome: 'retry-scheduled',
      rootJobId: APPLICATION_EXIT_1,
      duplicate: false,
      decision: { action: 'RETRY', delaySeconds: 1200, childAttempt: 2 },
    });
    expect(w.retries.drain()).toEqual([
      {
        message: {
          v: 2,
          rootJobId: APPLICATION_EXIT_1,
          failedJobId: APPLICATION_EXIT_1,
          dueAt: NOW + 1_200_000,
          // The job's creation plus the policy's budgets.maxLineageAgeSeconds (default 7 days).
          notAfter: (failedJob().createdAt ?? 0) + 7 * 86_400_000,
        },
        delaySeconds: 900,
      },
    ]);
  });

  it('sends the whole delay when it is under 900 s', async () => {
    const short = loadedPolicy({
      name: 'default',
      defaultAction: 'RETRY',
      backoff: { strategy: 'fixed', baseSeconds: 45, jitter: 'none' },
    });
    const w = orchestratorWorld([short]);

    await handleJobEvent(failedJob(), w.decideDeps);

    expect(w.retries.drain().map((m) => m.delaySeconds)).toEqual([45]);
  });

  it('counts a failure once when the same event arrives twice, and sends the message again', async () => {
    const w = orchestratorWorld();
    const first = await handleJobEvent(failedJob(), w.decideDeps);
    w.clock.advanceSeconds(1000);

    const second = await handleJobEvent(failedJob(), w.decideDeps);

    expect(second).toEqual({ ...first, duplicate: true });
    expect(w.retries.drain().map((m) => m.delaySeconds)).toEqual([900, 200]);
    const lineage = await w.lineage(APPLICATION_EXIT_1);
    expect(lineage).toMatchObject({ totalAttempts: 1, counts: { application: 1 } });
    expect(lineage.decisions).toHaveLength(1);
  });

  it('records one decision when the same event is handled three times at once', async () => {
    const w = orchestratorWorld();

    const outcomes = await Promise.all([1, 2, 3].map(() => handleJobEvent(failedJob(), w.decideDeps)));

    expect(outcomes.filter((o) => 'duplicate' in o && !o.duplicate)).toHaveLength(1);
    expect(await w.lineage(APPLICATION_EXIT_1)).toMatchObject({
      totalAttempts: 1,
      counts: { application: 1 },
    });
  });
});

describe('handleJobEvent: giving up', () => {
  const fatalJob = () => jobFromFixture('application-exit-3');

  it('closes the lineage and raises one GAVE_UP alert that names the job, the reason and a next step', async () => {
    const w = orchestratorWorld([EXIT_ON_3]);
    const job = fatalJob();

    const outcome = await handleJobEvent(job, w.decideDeps);

    expect(outcome).toMatchObject({ outcome: 'gave-up', duplicate: false, decision: { action: 'EXIT' } });
    expect((await w.lineage(job.jobId)).status).toBe('GAVE_UP');
    expect(w.retries.drain()).toEqual([]);
    expect(w.alerts.alerts).toHaveLength(1);
    const [alert] = w.alerts.alerts;
    expect(alert?.kind).toBe('GAVE_UP');
    expect(alert?.summary).toContain(`Job ${job.jobName} (${job.jobId})`);
    expect(alert?.summary).toContain('"bad input, a rerun cannot help"');
    expect(alert?.summary).toContain('Next: Read the job logs, fix the cause in the code, image or input');
    expect(alert?.next).toMatch(/Its log stream is \S+\./);
  });

  it('alerts again when the same failure is delivered again (at least once: a crash may have lost the first)', async () => {
    const w = orchestratorWorld([EXIT_ON_3]);
    await handleJobEvent(fatalJob(), w.decideDeps);

    const again = await handleJobEvent(fatalJob(), w.decideDeps);

    expect(again).toMatchObject({ outcome: 'gave-up', duplicate: true });
    expect(w.alerts.alerts.map((a) => a.jobId)).toEqual([fatalJob().jobId, fatalJob().jobId]);
  });

  it('gives up on the failure that uses the last attempt of budgets.total, across the lineage', async () => {
    const w = orchestratorWorld();
    await handleJobEvent(failedJob(), w.decideDeps);
    await w.resubmitDue();

    const second = await handleJobEvent(w.childEvent('child-1', 'application-exit-1'), w.decideDeps);
    await w.resubmitDue();
    const third = await handleJobEvent(w.childEvent('child-2', 'application-exit-1'), w.decideDeps);

    expect(second).toMatchObject({ outcome: 'retry-scheduled', decision: { childAttempt: 3 } });
    expect(third).toMatchObject({
      outcome: 'gave-up',
      decision: { reason: 'the lineage has used 3 of its 3 attempts (budgets.total)' },
    });
    expect(w.alerts.alerts.map((a) => a.kind)).toEqual(['GAVE_UP']);
  });
});

describe('handleJobEvent: what is not acted on', () => {
  it('ignores a failure no policy governs (unmanaged job) and records nothing', async () => {
    const elsewhere = loadedPolicy({ name: 'etl-only', match: { queues: ['etl-queue'] } });
    const w = orchestratorWorld([elsewhere]);

    const outcome = await handleJobEvent(failedJob(), w.decideDeps);

    expect(outcome).toEqual({
      outcome: 'ignored',
      reason: 'no policy governs job nightly-etl-customers (unmanaged)',
    });
    expect(await w.ledger.getLineage(APPLICATION_EXIT_1)).toBeUndefined();
    expect(w.retries.drain()).toEqual([]);
  });

  it('ignores an array parent, whose failure is counted on its child', async () => {
    const w = orchestratorWorld();

    const outcome = await handleJobEvent(jobFromFixture('array-parent-failed'), w.decideDeps);

    expect(outcome.outcome).toBe('ignored');
  });

  it('ignores a job that succeeded on its first run', async () => {
    const w = orchestratorWorld();

    const outcome = await handleJobEvent(jobFromFixture('succeeded'), w.decideDeps);

    expect(outcome).toEqual({
      outcome: 'ignored',
      reason: 'succeeded on its first run, or is not a job batch-retry submitted',
    });
  });
});

describe('handleJobEvent: a child that succeeds', () => {
  it('closes its lineage as RECOVERED and records the child', async () => {
    const w = orchestratorWorld();
    await handleJobEvent(failedJob(), w.decideDeps);
    await w.resubmitDue();

    const outcome = await handleJobEvent(w.childEvent('child-1', 'succeeded'), w.decideDeps);

    expect(outcome).toEqual({ outcome: 'recovered', rootJobId: APPLICATION_EXIT_1 });
    const lineage = await w.lineage(APPLICATION_EXIT_1);
    expect(lineage).toMatchObject({ status: 'RECOVERED', closedAt: NOW + 1_200_000 });
    expect(lineage.decisions[0]?.submission).toMatchObject({ state: 'SUBMITTED', childJobId: 'child-1' });
  });

  it('publishes a RECOVERED notice only when the policy asks for it, once', async () => {
    const noisy = loadedPolicy({
      name: 'default',
      defaultAction: 'RETRY',
      alerts: { on: ['GAVE_UP', 'RECOVERED'] },
    });
    const w = orchestratorWorld([noisy]);
    await handleJobEvent(failedJob(), w.decideDeps);
    await w.resubmitDue();

    await handleJobEvent(w.childEvent('child-1', 'succeeded'), w.decideDeps);
    await handleJobEvent(w.childEvent('child-1', 'succeeded'), w.decideDeps);

    expect(w.alerts.alerts.map((a) => a.kind)).toEqual(['RECOVERED']);
  });

  it('closes the lineage of an EKS child whose event carries no tags, from its pod labels', async () => {
    const w = orchestratorWorld();
    const eks = jobFromFixture('eks-application-failed');
    await handleJobEvent(eks, w.decideDeps);
    await w.resubmitDue();

    const outcome = await handleJobEvent(
      w.childEvent('child-1', 'eks-application-failed', (detail) => {
        const submitted = w.batch.jobs[0]?.request.eksPropertiesOverride?.podProperties?.metadata;
        detail.status = 'SUCCEEDED';
        detail.tags = {};
        (detail.eksProperties as { podProperties: Record<string, unknown> }).podProperties.metadata =
          submitted;
      }),
      w.decideDeps,
    );

    expect(outcome).toEqual({ outcome: 'recovered', rootJobId: eks.jobId });
  });
});

describe('handleJobEvent: the request it stores', () => {
  it('caps the native retryStrategy of the child at the attempts the lineage has left', async () => {
    const w = orchestratorWorld([
      loadedPolicy({ name: 'default', defaultAction: 'RETRY', budgets: { total: 3 } }),
    ]);
    const job = jobFromFixture('application-exit-1', (detail) => {
      detail.retryStrategy = { attempts: 10, evaluateOnExit: [] };
    });

    await handleJobEvent(job, w.decideDeps);

    const lineage = await w.decideDeps.ledger.getLineage(APPLICATION_EXIT_1);
    expect(lineage?.decisions[0]?.request?.retryStrategy).toEqual({ attempts: 2 });
  });
});

describe('handleJobEvent: lineage tags it did not write', () => {
  it('starts a new lineage for a job cloned with the tags of an already-recorded child', async () => {
    const w = orchestratorWorld();
    await handleJobEvent(failedJob(), w.decideDeps);
    await w.resubmitDue();
    await handleJobEvent(w.childEvent('child-1', 'application-exit-1'), w.decideDeps);
    const clone = w.childEvent('child-1', 'application-exit-1', (detail) => {
      detail.jobId = 'cloned-by-hand';
    });

    const outcome = await handleJobEvent(clone, w.decideDeps);

    expect(outcome).toMatchObject({ outcome: 'retry-scheduled', rootJobId: 'cloned-by-hand' });
    expect((await w.lineage(APPLICATION_EXIT_1))?.decisions).toHaveLength(2);
  });

  it('starts a new lineage for a job whose tags name a lineage but carry no claim token', async () => {
    const w = orchestratorWorld();
    await handleJobEvent(failedJob(), w.decideDeps);
    await w.resubmitDue();
    const tagged = jobFromFixture('application-exit-1', (detail) => {
      detail.jobId = 'tagged-by-hand';
      detail.tags = {
        [LINEAGE_TAG_KEYS.rootJobId]: APPLICATION_EXIT_1,
        [LINEAGE_TAG_KEYS.parentJobId]: APPLICATION_EXIT_1,
      };
    });

    const outcome = await handleJobEvent(tagged, w.decideDeps);

    expect(outcome).toMatchObject({ outcome: 'retry-scheduled', rootJobId: 'tagged-by-hand' });
  });
});
