import { describe, expect, it } from 'vitest';
import type { NormalisedJob } from '#core/events/index.js';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import type { JobLookupPort } from '#core/ports/jobs.js';
import { AWAIT_TAG, type AwaitDeps, awaitLineage } from '#core/workflow/index.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { orchestratorWorld, RETRY_AFTER_1200_S } from '../orchestrator/orchestrator-world.js';

const ROOT = '319558c3-a3f9-4017-b57d-c82ed28380ee';

/** The root job as DescribeJobs shows it: `fixture` sets its status, `tags` its tags. */
function root(fixture: string, tags: Record<string, string> = { [AWAIT_TAG]: 'step-functions' }) {
  return jobFromFixture(fixture, (detail) => {
    detail.jobId = ROOT;
    detail.tags = tags;
  });
}

/** Batch's DescribeJobs over `jobs` (a job changes state between calls when given several). */
function batchKnows(...jobs: NormalisedJob[]): JobLookupPort {
  let call = 0;
  return {
    describeJob: async (jobId) => {
      const job = jobs[Math.min(call++, jobs.length - 1)];
      return job?.jobId === jobId ? job : undefined;
    },
  };
}

function awaitWorld(jobs: JobLookupPort, policies = [RETRY_AFTER_1200_S]) {
  const w = orchestratorWorld(policies);
  const deps: AwaitDeps = {
    ledger: w.ledger,
    jobs,
    waiters: { store: w.waiters, tasks: w.tasks },
    policies: w.decideDeps.policies,
    clock: w.clock,
    log: w.decideDeps.log,
  };
  return { w, deps };
}

describe('the await function', () => {
  it('keeps the task token with the lineage of a running job and answers later', async () => {
    const { w, deps } = awaitWorld(batchKnows(root('runnable-after-failed-attempt')));

    const outcome = await awaitLineage({ jobId: ROOT, taskToken: 'token-1' }, deps);

    expect(outcome).toEqual({ outcome: 'waiting', rootJobId: ROOT });
    expect((await w.waiters.waitersOf(ROOT)).map((x) => x.taskToken)).toEqual(['token-1']);
    expect(w.tasks.answers).toEqual([]);
  });

  it('answers at once when the lineage had already ended before the token arrived', async () => {
    const { w, deps } = awaitWorld(batchKnows(root('application-exit-1')), [
      loadedPolicy({ name: 'default', defaultAction: 'EXIT' }),
    ]);
    await handleJobEvent(root('application-exit-1'), w.decideDeps);

    const outcome = await awaitLineage({ jobId: ROOT, taskToken: 'token-1' }, deps);

    expect(outcome).toEqual({ outcome: 'answered', rootJobId: ROOT, status: 'GAVE_UP' });
    expect(w.tasks.answers[0]?.answer).toMatchObject({ kind: 'failure', error: 'BatchRetry.GaveUp' });
    expect(await w.waiters.waitersOf(ROOT)).toEqual([]);
  });

  it('answers SUCCEEDED at once for a job that succeeded on its first run, as Batch says after the token is kept', async () => {
    const { w, deps } = awaitWorld(batchKnows(root('runnable-after-failed-attempt'), root('succeeded')));

    const outcome = await awaitLineage({ jobId: ROOT, taskToken: 'token-1' }, deps);

    expect(outcome).toEqual({ outcome: 'answered', rootJobId: ROOT, status: 'SUCCEEDED' });
    expect(w.tasks.answers[0]?.answer.kind).toBe('success');
  });

  it('keeps the token under the root when given a child of the lineage', async () => {
    const child = jobFromFixture('runnable-after-failed-attempt', (detail) => {
      detail.jobId = 'child-1';
      detail.tags = {
        [AWAIT_TAG]: 'step-functions',
        'batch-retry:root-job-id': ROOT,
        'batch-retry:parent-job-id': ROOT,
      };
    });
    const { w, deps } = awaitWorld(batchKnows(child));

    await awaitLineage({ jobId: 'child-1', taskToken: 'token-1' }, deps);

    expect((await w.waiters.waitersOf(ROOT)).map((x) => x.jobId)).toEqual(['child-1']);
  });

  it.each([
    ['a job Batch and the ledger do not know', batchKnows(), 'BatchRetry.UnknownJob', /unknown to AWS Batch/],
    [
      'a job without the await tag',
      batchKnows(root('runnable-after-failed-attempt', {})),
      'BatchRetry.NotAwaitable',
      /add "Tags": \{"batch-retry:await": "step-functions"\}/,
    ],
    [
      'the parent of an array job',
      batchKnows(root('array-parent-failed')),
      'BatchRetry.NotAwaitable',
      /is the parent of an array job/,
    ],
  ])('refuses %s, and keeps nothing', async (_what, jobs, name, message) => {
    const { w, deps } = awaitWorld(jobs);

    const refused = awaitLineage({ jobId: ROOT, taskToken: 'token-1' }, deps);

    await expect(refused).rejects.toMatchObject({ name, message: expect.stringMatching(message) });
    expect(await w.waiters.waitersOf(ROOT)).toEqual([]);
  });

  it('refuses a job no policy manages, as nothing would ever answer it', async () => {
    const queue = loadedPolicy({ name: 'gpu', match: { queues: ['gpu-queue'] } });
    const { w, deps } = awaitWorld(batchKnows(root('runnable-after-failed-attempt')), [queue]);

    await expect(awaitLineage({ jobId: ROOT, taskToken: 'token-1' }, deps)).rejects.toMatchObject({
      name: 'BatchRetry.Unmanaged',
    });
    expect(await w.waiters.waitersOf(ROOT)).toEqual([]);
  });
});
