import { describe, expect, it } from 'vitest';
import { probePlan } from '#core/breaker/index.js';
import { handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import { handleRetryMessage } from '#core/orchestrator/resubmit.js';
import type { RetryMessage } from '#core/orchestrator/retry-message.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { NOW } from '../decide/decide-fixtures.js';
import { orchestratorWorld } from './orchestrator-world.js';

/** Retry anything after 60 s; the breaker opens at 3 failures inside 300 s, for 900 s (probe window 300 s). */
const POLICY = loadedPolicy({
  name: 'default',
  defaultAction: 'RETRY',
  backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
  breaker: { threshold: 3, windowSeconds: 300, cooldownSeconds: 900 },
});
const PLAN = probePlan(900);
const OPEN_UNTIL = NOW + 900_000;

const appFailure = (jobId: string, tags: Record<string, string> = {}) =>
  jobFromFixture('application-exit-1', (detail) => {
    detail.jobId = jobId;
    detail.stoppedAt = NOW;
    detail.tags = { ...(detail.tags as Record<string, string>), ...tags };
  });

/** Opens the breaker with four failures, so four retries are parked until the cooldown ends. */
async function parkedWorld() {
  const w = orchestratorWorld([POLICY]);
  for (const id of ['job-a', 'job-b', 'job-c', 'job-d']) await handleJobEvent(appFailure(id), w.decideDeps);
  const parked = w.retries
    .drain()
    .map((m) => m.message)
    .filter((m): m is Extract<RetryMessage, { v: 2 }> => m.v === 2 && m.parkedBy !== undefined);
  const [first, second] = parked;
  if (first?.parkedBy === undefined || second === undefined) throw new Error('expected two parked retries');
  const key = { jobQueue: first.parkedBy.jobQueue, failureClass: 'application' } as const;
  return { w, parked, first, second, key };
}

describe('the half-open breaker: probes after the cooldown', () => {
  it('parks again a retry that wakes while the breaker is open', async () => {
    const { w, first } = await parkedWorld();
    w.clock.advanceTo(OPEN_UNTIL - 10_000);

    const outcome = await handleRetryMessage({ ...first, parkedUntil: NOW }, w.resubmitDeps);

    expect(outcome).toMatchObject({ outcome: 'parked' });
    expect(w.batch.jobs).toHaveLength(0);
  });

  it('lets the first three parked retries go after the cooldown, tagged as probes of that opening, then makes the rest wait', async () => {
    const { w, parked, key } = await parkedWorld();
    w.clock.advanceTo(OPEN_UNTIL + 1_000);

    const outcomes = [];
    for (const message of parked) outcomes.push(await handleRetryMessage(message, w.resubmitDeps));

    expect(outcomes.map((o) => o.outcome)).toEqual(['submitted', 'submitted']);
    expect(w.batch.jobs.map((j) => j.request.tags?.['batch-retry:probe'])).toEqual([
      String(NOW),
      String(NOW),
    ]);
    expect(await w.breaker.admit(key, OPEN_UNTIL + 2_000, PLAN)).toEqual({ kind: 'probe', openedAt: NOW });
    expect(await w.breaker.admit(key, OPEN_UNTIL + 2_000, PLAN)).toEqual({
      kind: 'wait',
      until: OPEN_UNTIL + 1_000 + PLAN.probeSeconds * 1000,
    });
  });

  it('opens the breaker again, with one BREAKER_OPEN alert, when a probe fails the same way', async () => {
    const { w, first, key } = await parkedWorld();
    w.clock.advanceTo(OPEN_UNTIL + 1_000);
    await handleRetryMessage(first, w.resubmitDeps);
    const [probe] = w.batch.jobs;
    if (probe === undefined) throw new Error('no probe was submitted');
    w.clock.advanceSeconds(30);

    await handleJobEvent(appFailure(probe.jobId, { ...probe.request.tags }), w.decideDeps);

    const reopened = w.alerts.alerts.filter((a) => a.kind === 'BREAKER_OPEN' && a.details?.reopened === true);
    expect(reopened).toHaveLength(1);
    expect(await w.breaker.pausedUntil(key, w.clock.now())).toBe(w.clock.now() + 900_000);
  });

  it('closes after the probe window with one BREAKER_CLOSED alert, then releases each parked retry within the release window', async () => {
    const { w, first, second } = await parkedWorld();
    w.clock.advanceTo(OPEN_UNTIL + 1_000);
    await handleRetryMessage(first, w.resubmitDeps);
    w.clock.advanceTo(OPEN_UNTIL + 1_000 + PLAN.probeSeconds * 1000);

    const released = await handleRetryMessage(second, w.resubmitDeps);

    expect(w.alerts.alerts.filter((a) => a.kind === 'BREAKER_CLOSED')).toHaveLength(1);
    if (released.outcome === 'parked') {
      expect(released.until).toBeLessThanOrEqual(w.clock.now() + PLAN.releaseSeconds * 1000);
      const [again] = w.retries.drain();
      expect(again?.message).not.toHaveProperty('parkedBy');
    } else {
      expect(released.outcome).toBe('submitted');
    }
  });
});
