import { describe, expect, it } from 'vitest';
import { OrchestratorError } from '#core/errors.js';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import {
  CLAIM_LEASE_MS,
  ClaimInProgressError,
  handleRetryMessage,
  MIN_REMAINING_MS_TO_SUBMIT,
} from '#core/orchestrator/resubmit.js';
import type { RetryMessage } from '#core/orchestrator/retry-message.js';
import type { BatchPort } from '#core/ports/batch.js';
import { LINEAGE_TAG_KEYS } from '#core/submit/lineage-tags.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { NOW } from '../decide/decide-fixtures.js';
import { orchestratorWorld } from './orchestrator-world.js';

const ROOT = '319558c3-a3f9-4017-b57d-c82ed28380ee';
const DUE_AT = NOW + 1_200_000;

/** A world in which application-exit-1 failed and a retry is due 1200 s after NOW; returns its message. */
async function retryDecided() {
  const w = orchestratorWorld();
  await handleJobEvent(jobFromFixture('application-exit-1'), w.decideDeps);
  const [sent] = w.retries.drain();
  if (sent === undefined) throw new Error('the decide side sent no retry message');
  return { w, message: sent.message };
}

/** Another worker claimed the submission at `at` and was never heard from again. */
async function claimedByCrashedWorker(
  w: ReturnType<typeof orchestratorWorld>,
  message: RetryMessage,
  at: number,
) {
  await w.ledger.claimSubmission({ ...message, claimToken: 'crashed-worker', at, leaseMs: CLAIM_LEASE_MS });
}

describe('handleRetryMessage: timing', () => {
  it('sends a message that is not yet due again, with at most 900 s of delay, without reading the ledger', async () => {
    const { w, message } = await retryDecided();
    await w.ledger.closeLineage({ rootJobId: ROOT, status: 'GAVE_UP', at: NOW });

    const outcome = await handleRetryMessage(message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'deferred', delaySeconds: 900 });
    expect(w.retries.drain()).toEqual([{ message, delaySeconds: 900 }]);
    expect(w.batch.submitted).toEqual([]);
  });

  it('sends it again with the remaining delay on the last hop', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceSeconds(900);

    expect(await handleRetryMessage(message, w.resubmitDeps)).toEqual({
      outcome: 'deferred',
      delaySeconds: 300,
    });
  });

  it('waits while a breaker parks the message, past its due time', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);

    const outcome = await handleRetryMessage(
      { ...message, v: 2, notAfter: DUE_AT + 86_400_000, parkedUntil: DUE_AT + 600_000 },
      w.resubmitDeps,
    );

    expect(outcome).toEqual({ outcome: 'deferred', delaySeconds: 600 });
    expect(w.batch.submitted).toEqual([]);
  });

  it('finds a closed lineage when due and stops', async () => {
    const { w, message } = await retryDecided();
    await w.ledger.closeLineage({ rootJobId: ROOT, status: 'RECOVERED', at: NOW });
    w.clock.advanceTo(DUE_AT);

    const outcome = await handleRetryMessage(message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'nothing-to-do', reason: `lineage ${ROOT} is closed as RECOVERED` });
    expect(w.retries.drain()).toEqual([]);
    expect(w.batch.submitted).toEqual([]);
  });
});

describe('handleRetryMessage: submitting exactly once', () => {
  it('submits the recorded request once when due, with the lineage tags and the claim token', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);

    const outcome = await handleRetryMessage(message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'submitted', childJobId: 'child-1' });
    const [decision] = (await w.lineage(ROOT)).decisions;
    expect(decision?.submission).toMatchObject({
      state: 'CLAIMED',
      claimedAt: DUE_AT,
      leaseUntil: DUE_AT + CLAIM_LEASE_MS,
    });
    expect(w.batch.submitted).toHaveLength(1);
    expect(w.batch.submitted[0]?.tags).toMatchObject({
      [LINEAGE_TAG_KEYS.rootJobId]: ROOT,
      [LINEAGE_TAG_KEYS.parentJobId]: ROOT,
      [LINEAGE_TAG_KEYS.attempt]: '2',
      [LINEAGE_TAG_KEYS.policyName]: 'default',
      [LINEAGE_TAG_KEYS.claim]: decision?.submission?.claimToken,
      [LINEAGE_TAG_KEYS.state]: expect.stringMatching(/^t=1 k=application:1 pv=1 c=\d+ d=1200$/),
    });
  });

  it('does not submit again when the same message is delivered again: it waits out the lease, then finds the child', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);
    await handleRetryMessage(message, w.resubmitDeps);

    const tooSoon = handleRetryMessage(message, w.resubmitDeps);
    await expect(tooSoon).rejects.toBeInstanceOf(ClaimInProgressError);
    w.clock.advanceTo(DUE_AT + CLAIM_LEASE_MS + 1);
    const later = await handleRetryMessage(message, w.resubmitDeps);
    const after = await handleRetryMessage(message, w.resubmitDeps);

    expect(later).toEqual({ outcome: 'recovered-child', childJobId: 'child-1' });
    expect(after).toEqual({ outcome: 'already-submitted', childJobId: 'child-1' });
    expect(w.batch.submitted).toHaveLength(1);
  });

  it('throws a transient ClaimInProgressError while another worker holds a fresh claim', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);
    await claimedByCrashedWorker(w, message, DUE_AT - 1000);

    const attempt = handleRetryMessage(message, w.resubmitDeps);

    await expect(attempt).rejects.toBeInstanceOf(ClaimInProgressError);
    await expect(attempt).rejects.toMatchObject({ transient: true });
    expect(w.batch.submitted).toEqual([]);
  });

  it('takes over a stale claim that left no child and submits once', async () => {
    const { w, message } = await retryDecided();
    await claimedByCrashedWorker(w, message, DUE_AT);
    w.clock.advanceTo(DUE_AT + CLAIM_LEASE_MS + 1);

    const outcome = await handleRetryMessage(message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'submitted', childJobId: 'child-1' });
    const submission = (await w.lineage(ROOT)).decisions[0]?.submission;
    expect(submission?.claimToken).not.toBe('crashed-worker');
    expect(submission?.previousTokens).toEqual(['crashed-worker']);
    expect(submission?.claimedAt).toBe(DUE_AT);
  });

  it('never takes the failed job itself, or an earlier run with the same name, for the child', async () => {
    const { w, message } = await retryDecided();
    const failed = jobFromFixture('application-exit-1');
    w.batch.alreadyExists(
      {
        jobId: ROOT,
        jobName: failed.jobName,
        jobQueue: failed.jobQueue,
        createdAt: DUE_AT - 60_000,
        tags: {},
      },
      {
        jobId: 'yesterdays-child',
        jobName: failed.jobName,
        jobQueue: failed.jobQueue,
        createdAt: DUE_AT - 30_000,
        tags: {
          [LINEAGE_TAG_KEYS.parentJobId]: 'yesterdays-failure',
          [LINEAGE_TAG_KEYS.claim]: 'crashed-worker',
        },
      },
    );
    await claimedByCrashedWorker(w, message, DUE_AT);
    w.clock.advanceTo(DUE_AT + CLAIM_LEASE_MS + 1);

    const outcome = await handleRetryMessage(message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'submitted', childJobId: 'child-1' });
  });

  it('finds a child created a little before the claim (clocks disagree), within the skew margin', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT - 120_000);
    const stored = (await w.lineage(ROOT)).decisions[0]?.request;
    if (stored === undefined) throw new Error('no request');
    await w.batch.submitJob({
      ...stored,
      tags: { ...stored.tags, [LINEAGE_TAG_KEYS.claim]: 'crashed-worker' },
    });
    w.clock.advanceTo(DUE_AT);
    await claimedByCrashedWorker(w, message, DUE_AT);
    w.clock.advanceTo(DUE_AT + CLAIM_LEASE_MS + 1);

    const outcome = await handleRetryMessage(message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'recovered-child', childJobId: 'child-1' });
    expect(w.batch.submitted).toHaveLength(1);
  });

  it('does not start SubmitJob with too little of the invocation left', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);

    const attempt = handleRetryMessage(message, w.resubmitDeps, {
      remainingMs: () => MIN_REMAINING_MS_TO_SUBMIT - 1,
    });

    await expect(attempt).rejects.toMatchObject({ transient: true });
    expect((await w.lineage(ROOT)).decisions[0]?.submission).toBeUndefined();
  });
});

describe('handleRetryMessage: when Batch says no', () => {
  it('gives up for good on a permanent rejection: lineage closed GAVE_UP and one alert', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);
    const refusal = 'ClientException: Job definition nightly-etl-customers:7 is INACTIVE.';
    w.batch.rejectWith = new OrchestratorError(refusal, { transient: false });

    const outcome = await handleRetryMessage(message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'gave-up', reason: `AWS Batch refused the resubmission: ${refusal}` });
    expect((await w.lineage(ROOT)).status).toBe('GAVE_UP');
    expect(w.alerts.alerts).toHaveLength(1);
    expect(w.alerts.alerts[0]).toMatchObject({
      kind: 'NOT_RESUBMITTED',
      jobId: ROOT,
      jobName: 'nightly-etl-customers',
    });
    expect(w.alerts.alerts[0]?.summary).toContain(refusal);
    expect(await handleRetryMessage(message, w.resubmitDeps)).toMatchObject({ outcome: 'nothing-to-do' });
  });

  it('rethrows a transient error so SQS redelivers, leaving the lineage open and no alert', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);
    w.batch.rejectWith = new OrchestratorError('TooManyRequestsException: Too Many Requests', {
      transient: true,
    });

    await expect(handleRetryMessage(message, w.resubmitDeps)).rejects.toMatchObject({ transient: true });

    expect((await w.lineage(ROOT)).status).toBe('OPEN');
    expect(w.alerts.alerts).toEqual([]);
  });

  it('submits on the next delivery without a lookup and without waiting for the lease, when Batch throttled the call', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);
    w.batch.rejectWith = new OrchestratorError('TooManyRequestsException: Too Many Requests', {
      transient: true,
      notApplied: true,
    });
    await expect(handleRetryMessage(message, w.resubmitDeps)).rejects.toThrow('TooManyRequestsException');
    w.batch.rejectWith = undefined;
    w.clock.advanceTo(DUE_AT + 30_000);
    let lookups = 0;
    const batch: BatchPort = {
      submitJob: (input) => w.batch.submitJob(input),
      findJobsByName: (query) => {
        lookups++;
        return w.batch.findJobsByName(query);
      },
    };

    const outcome = await handleRetryMessage(message, { ...w.resubmitDeps, batch });

    expect(outcome).toEqual({ outcome: 'submitted', childJobId: 'child-1' });
    expect(lookups).toBe(0);
    expect((await w.lineage(ROOT)).decisions[0]?.submission?.claimedAt).toBe(DUE_AT);
  });

  it('waits out the lease when a transient failure may have created the job (no answer from Batch)', async () => {
    const { w, message } = await retryDecided();
    w.clock.advanceTo(DUE_AT);
    w.batch.rejectWith = new OrchestratorError('socket hang up', { transient: true });
    await expect(handleRetryMessage(message, w.resubmitDeps)).rejects.toThrow('socket hang up');
    w.batch.rejectWith = undefined;

    await expect(handleRetryMessage(message, w.resubmitDeps)).rejects.toBeInstanceOf(ClaimInProgressError);
    w.clock.advanceTo(DUE_AT + CLAIM_LEASE_MS);
    const outcome = await handleRetryMessage(message, w.resubmitDeps);

    expect(outcome).toEqual({ outcome: 'submitted', childJobId: 'child-1' });
    expect(w.batch.submitted).toHaveLength(1);
  });
});
