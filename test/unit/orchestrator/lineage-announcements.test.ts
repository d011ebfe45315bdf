import { describe, expect, it } from 'vitest';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import { handleRetryMessage } from '#core/orchestrator/resubmit.js';
import { AWAIT_TAG, type LineageNews } from '#core/workflow/index.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { orchestratorWorld, RETRY_AFTER_1200_S } from './orchestrator-world.js';

/** Job id of the application-exit-1 fixture, the root of the lineages below. */
const ROOT = '319558c3-a3f9-4017-b57d-c82ed28380ee';
const GIVE_UP = loadedPolicy({ name: 'default', defaultAction: 'EXIT' });

/** The root job's failure, tagged as a Step Functions task would submit it when `awaited`. */
function rootFailure(awaited = false) {
  return jobFromFixture('application-exit-1', (detail) => {
    if (awaited) detail.tags = { ...(detail.tags as object), [AWAIT_TAG]: 'step-functions' };
  });
}

/** A world where the root (awaited or not) failed and child-1 was submitted for it. */
async function resubmitted(awaited = false) {
  const w = orchestratorWorld([RETRY_AFTER_1200_S]);
  if (awaited) {
    await w.waiters.register({ rootJobId: ROOT, jobId: ROOT, taskToken: 'token-1', registeredAt: 0 });
  }
  await handleJobEvent(rootFailure(awaited), w.decideDeps);
  await w.resubmitDue();
  return w;
}

const brief = (news: LineageNews) => [news.status, news.latestJobId, news.republished];

describe('lineage events', () => {
  it('tell of a resubmission with the child to follow, then of the recovery, after the ledger recorded each', async () => {
    const w = await resubmitted();
    const resubmittedNews = w.events.events[0];

    await handleJobEvent(w.childEvent('child-1', 'succeeded'), w.decideDeps);

    expect(w.events.events.map(brief)).toEqual([
      ['OPEN', 'child-1', false],
      ['RECOVERED', 'child-1', false],
    ]);
    expect(resubmittedNews).toMatchObject({
      schemaVersion: 1,
      rootJobId: ROOT,
      failureClass: 'application',
      attempts: 1,
      policy: { name: 'default', version: 1 },
    });
    const recovered = w.events.events[1];
    expect(recovered?.eventId).toBe(`${ROOT}/closed/${(await w.lineage(ROOT)).closedAt}`);
  });

  it('tell of a give-up with its class and reason, and again under the same id, marked, when the event is redelivered', async () => {
    const w = orchestratorWorld([GIVE_UP]);

    await handleJobEvent(rootFailure(), w.decideDeps);
    await handleJobEvent(rootFailure(), w.decideDeps);

    const [first, again] = w.events.events;
    expect(first).toMatchObject({ status: 'GAVE_UP', latestJobId: ROOT, failureClass: 'application' });
    expect(first?.reason).toContain('EXIT');
    expect(again).toEqual({ ...first, republished: true });
  });

  it("publish the recovery again, marked, when the closing child's event is redelivered", async () => {
    const w = await resubmitted();
    const success = w.childEvent('child-1', 'succeeded');

    await handleJobEvent(success, w.decideDeps);
    const redelivered = await handleJobEvent(success, w.decideDeps);

    expect(redelivered.outcome).toBe('ignored');
    const [, recovered, again] = w.events.events;
    expect(again).toEqual({ ...recovered, republished: true });
  });

  it('fail the record when the event cannot be published, so that redelivery publishes it', async () => {
    const w = await resubmitted();
    const success = w.childEvent('child-1', 'succeeded');
    const failing = { ...w.decideDeps, events: { publish: async () => [new Error('PutEvents throttled')] } };

    await expect(handleJobEvent(success, failing)).rejects.toThrow('PutEvents throttled');
    expect((await w.lineage(ROOT)).status).toBe('RECOVERED');
    await handleJobEvent(success, w.decideDeps);

    expect(w.events.events.map(brief).at(-1)).toEqual(['RECOVERED', 'child-1', true]);
  });

  it('keep the RECOVERED notice when the announcement of the recovery fails and is repeated', async () => {
    const noisy = loadedPolicy({
      name: 'default',
      defaultAction: 'RETRY',
      backoff: { strategy: 'fixed', baseSeconds: 1200, jitter: 'none' },
      alerts: { on: ['RECOVERED'] },
    });
    const w = orchestratorWorld([noisy]);
    await handleJobEvent(rootFailure(), w.decideDeps);
    await w.resubmitDue();
    const success = w.childEvent('child-1', 'succeeded');
    const failing = { ...w.decideDeps, events: { publish: async () => [new Error('PutEvents throttled')] } };

    await expect(handleJobEvent(success, failing)).rejects.toThrow('PutEvents throttled');
    await handleJobEvent(success, w.decideDeps);

    expect(w.alerts.alerts.map((a) => a.kind)).toEqual(['RECOVERED']);
    expect(w.events.events.map(brief).at(-1)).toEqual(['RECOVERED', 'child-1', true]);
  });

  it('tell of a retry AWS Batch refused as a give-up, with what Batch said', async () => {
    const w = orchestratorWorld([RETRY_AFTER_1200_S]);
    await handleJobEvent(rootFailure(), w.decideDeps);
    const { OrchestratorError } = await import('#core/errors.js');
    w.batch.rejectWith = new OrchestratorError('ClientException: job definition etl:3 is inactive', {
      transient: false,
    });

    await w.resubmitDue();

    expect(w.events.events).toHaveLength(1);
    expect(w.events.events[0]).toMatchObject({ status: 'GAVE_UP', latestJobId: ROOT });
    expect(w.events.events[0]?.reason).toContain('job definition etl:3 is inactive');
  });

  it('tell of that give-up again, marked, when its message comes back after a crash', async () => {
    const w = orchestratorWorld([RETRY_AFTER_1200_S]);
    await handleJobEvent(rootFailure(), w.decideDeps);
    const [sent] = w.retries.drain();
    if (sent === undefined) throw new Error('no retry message');
    w.clock.advanceTo(sent.message.dueAt);
    const { OrchestratorError } = await import('#core/errors.js');
    w.batch.rejectWith = new OrchestratorError('ClientException: queue deleted', { transient: false });
    const crashing = { ...w.resubmitDeps, events: { publish: async () => [new Error('crash')] } };

    await expect(handleRetryMessage(sent.message, crashing)).rejects.toThrow('crash');
    await handleRetryMessage(sent.message, w.resubmitDeps);

    expect(w.events.events.map(brief)).toEqual([['GAVE_UP', ROOT, true]]);
  });

  it('tell of a give-up for age again, marked, when its message comes back after the announcement failed', async () => {
    const w = orchestratorWorld([RETRY_AFTER_1200_S]);
    await handleJobEvent(rootFailure(), w.decideDeps);
    const [sent] = w.retries.drain();
    if (sent === undefined || sent.message.v !== 2) throw new Error('no v2 retry message');
    w.clock.advanceTo(sent.message.notAfter + 1_000);
    const failing = {
      ...w.resubmitDeps,
      events: { publish: async () => [new Error('PutEvents throttled')] },
    };

    await expect(handleRetryMessage(sent.message, failing)).rejects.toThrow('PutEvents throttled');
    const again = await handleRetryMessage(sent.message, w.resubmitDeps);

    expect((await w.lineage(ROOT)).status).toBe('GAVE_UP');
    expect(again.outcome).toBe('nothing-to-do');
    expect(w.events.events.map(brief)).toEqual([['GAVE_UP', ROOT, true]]);
  });
});

describe('Step Functions tasks waiting on a lineage', () => {
  it("are told of the recovery with the child's job id, then forgotten", async () => {
    const w = await resubmitted(true);

    await handleJobEvent(w.childEvent('child-1', 'succeeded'), w.decideDeps);

    expect(w.tasks.answers).toHaveLength(1);
    const answer = w.tasks.answers[0]?.answer;
    expect(answer?.kind).toBe('success');
    expect(answer?.kind === 'success' && JSON.parse(answer.output)).toMatchObject({
      status: 'RECOVERED',
      rootJobId: ROOT,
      latestJobId: 'child-1',
    });
    expect(await w.waiters.waitersOf(ROOT)).toEqual([]);
  });

  it('are told of a give-up as BatchRetry.GaveUp, with the class and the reason', async () => {
    const w = orchestratorWorld([GIVE_UP]);
    await w.waiters.register({ rootJobId: ROOT, jobId: ROOT, taskToken: 'token-1', registeredAt: 0 });

    await handleJobEvent(rootFailure(true), w.decideDeps);

    const answer = w.tasks.answers[0]?.answer;
    expect(answer?.kind === 'failure' && answer.error).toBe('BatchRetry.GaveUp');
    expect(answer?.kind === 'failure' && JSON.parse(answer.cause)).toMatchObject({
      failureClass: 'application',
      latestJobId: ROOT,
    });
  });

  it('are told of a give-up when the awaited job fails only because its dependency did (no lineage will end)', async () => {
    const w = orchestratorWorld([RETRY_AFTER_1200_S]);
    const dependent = jobFromFixture('dependency-failed', (detail) => {
      detail.tags = { ...(detail.tags as object), [AWAIT_TAG]: 'step-functions' };
    });
    await w.waiters.register({
      rootJobId: dependent.jobId,
      jobId: dependent.jobId,
      taskToken: 'token-1',
      registeredAt: 0,
    });

    const outcome = await handleJobEvent(dependent, w.decideDeps);

    expect(outcome.outcome).toBe('ignored');
    const answer = w.tasks.answers[0]?.answer;
    expect(answer?.kind === 'failure' && answer.error).toBe('BatchRetry.GaveUp');
    expect(answer?.kind === 'failure' && JSON.parse(answer.cause)).toMatchObject({
      status: 'GAVE_UP',
      latestJobId: dependent.jobId,
      reason: expect.stringContaining('batch-retry does not retry it'),
    });
    expect(await w.waiters.waitersOf(dependent.jobId)).toEqual([]);
  });

  it('are not looked for when the job does not carry the await tag', async () => {
    const w = await resubmitted(false);
    await w.waiters.register({ rootJobId: ROOT, jobId: ROOT, taskToken: 'token-1', registeredAt: 0 });

    await handleJobEvent(w.childEvent('child-1', 'succeeded'), w.decideDeps);

    expect(w.tasks.answers).toEqual([]);
  });

  it('are dropped, not retried, when Step Functions refuses the answer', async () => {
    const w = await resubmitted(true);
    await w.tasks.answer('token-1', { kind: 'success', output: '{}' });

    await expect(handleJobEvent(w.childEvent('child-1', 'succeeded'), w.decideDeps)).resolves.toMatchObject({
      outcome: 'recovered',
    });
    expect(await w.waiters.waitersOf(ROOT)).toEqual([]);
  });

  it('get SUCCEEDED when the awaited job succeeds on its first run, and nothing is published when none waits', async () => {
    const w = orchestratorWorld([RETRY_AFTER_1200_S]);
    const success = jobFromFixture('succeeded', (detail) => {
      detail.tags = { [AWAIT_TAG]: 'step-functions' };
    });

    const nobody = await handleJobEvent(success, w.decideDeps);
    await w.waiters.register({
      rootJobId: success.jobId,
      jobId: success.jobId,
      taskToken: 't',
      registeredAt: 0,
    });
    const waited = await handleJobEvent(success, w.decideDeps);

    expect(nobody.outcome).toBe('ignored');
    expect(waited).toEqual({ outcome: 'first-run-success', rootJobId: success.jobId });
    expect(w.events.events.map(brief)).toEqual([['SUCCEEDED', success.jobId, false]]);
    expect(w.tasks.answers.map((a) => a.answer.kind)).toEqual(['success']);
  });
});
