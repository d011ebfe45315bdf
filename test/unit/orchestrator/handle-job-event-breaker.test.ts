import { describe, expect, it } from 'vitest';
import type { EventOutcome } from '#core/orchestrator/handle-job-event.js';
import { handleJobEvent, handleJobEvents } from '#core/orchestrator/handle-job-event.js';
import type { PolicyDocument } from '#core/policy/schema.js';
import type { BreakerPort } from '#core/ports/breaker.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { NOW } from '../decide/decide-fixtures.js';
import { orchestratorWorld } from './orchestrator-world.js';

const SPOT_QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue';
const ON_DEMAND = 'arn:aws:batch:us-east-1:123456789012:job-queue/on-demand-queue';
const APPLICATION_ON_SPOT = { jobQueue: SPOT_QUEUE, failureClass: 'application' } as const;

/** Retry anything after 60 s; the breaker opens at 3 failures inside 300 s, for 900 s. */
const policyWith = (document: Partial<PolicyDocument> = {}) =>
  loadedPolicy({
    name: 'default',
    defaultAction: 'RETRY',
    backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
    breaker: { threshold: 3, windowSeconds: 300, cooldownSeconds: 900 },
    ...document,
  });

/**
 * Exit code 1 on spot-queue (class application), as job `jobId` (each a root of its own lineage),
 * stopped at NOW: the breaker counts failures by when they happened.
 */
const appFailure = (jobId: string, jobQueue = SPOT_QUEUE, stoppedAt = NOW) =>
  jobFromFixture('application-exit-1', (detail) => {
    detail.jobId = jobId;
    detail.jobQueue = jobQueue;
    detail.stoppedAt = stoppedAt;
  });

/** A Spot reclaim on spot-queue (class infrastructure), stopped at NOW. */
const spotReclaim = (jobId: string) =>
  jobFromFixture('ec2-spot-host-terminated', (detail) => {
    detail.jobId = jobId;
    detail.stoppedAt = NOW;
  });

function delayOf(outcome: EventOutcome): number | undefined {
  return outcome.outcome === 'retry-scheduled' ? outcome.decision.delaySeconds : undefined;
}

describe('handleJobEvent: the breaker', () => {
  it('opens after 3 failures of one class on one queue and raises one BREAKER_OPEN alert', async () => {
    const w = orchestratorWorld([policyWith()]);

    for (const id of ['job-a', 'job-b', 'job-c', 'job-d']) await handleJobEvent(appFailure(id), w.decideDeps);

    const alerts = w.alerts.alerts.filter((a) => a.kind === 'BREAKER_OPEN');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: 'warning',
      title: 'Retries paused on queue spot-queue: 3 application failures within 300 s',
      fingerprint: 'BREAKER_OPEN|application|spot-queue|-|-',
      jobId: 'job-c',
      jobQueue: SPOT_QUEUE,
      failureClass: 'application',
      policy: 'default',
      at: NOW,
      details: { count: 3, threshold: 3, windowSeconds: 300, cooldownSeconds: 900, openUntil: NOW + 900_000 },
    });
    expect(alerts[0]?.summary).toContain('are parked until 2024-05-15T06:15:00Z (900 s)');
    expect(alerts[0]?.delivery).toEqual({ aggregateSeconds: 300, channels: ['sns'] });
    expect(await w.breaker.pausedUntil(APPLICATION_ON_SPOT, NOW)).toBe(NOW + 900_000);
  });

  it('parks the retries for that queue and class behind the breaker until it closes, the one that opened it included', async () => {
    const w = orchestratorWorld([policyWith()]);
    const opening = [];
    for (const id of ['job-a', 'job-b', 'job-c'])
      opening.push(await handleJobEvent(appFailure(id), w.decideDeps));
    w.clock.advanceSeconds(100);

    const next = await handleJobEvent(appFailure('job-d'), w.decideDeps);

    expect(opening.map(delayOf)).toEqual([60, 60, 60]);
    expect(opening.map((o) => (o.outcome === 'retry-scheduled' ? o.parkedUntil : 'none'))).toEqual([
      undefined,
      undefined,
      NOW + 900_000,
    ]);
    expect(next).toMatchObject({
      outcome: 'retry-scheduled',
      parkedUntil: NOW + 900_000,
      decision: { delaySeconds: 60 },
    });
    expect(w.retries.drain().map((m) => [m.message.failedJobId, m.delaySeconds])).toEqual([
      ['job-a', 60],
      ['job-b', 60],
      ['job-c', 900],
      ['job-d', 800],
    ]);
  });

  it('counts the failures of one SQS batch in one breaker write', async () => {
    const w = orchestratorWorld([
      policyWith({ breaker: { threshold: 100, windowSeconds: 300, cooldownSeconds: 900 } }),
    ]);
    let writes = 0;
    const breaker: BreakerPort = {
      pausedUntil: (key, now) => w.breaker.pausedUntil(key, now),
      recordFailures: (...args) => {
        writes++;
        return w.breaker.recordFailures(...args);
      },
      admit: (...args) => w.breaker.admit(...args),
      reopen: (...args) => w.breaker.reopen(...args),
    };

    await handleJobEvents(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((id) => appFailure(`job-${id}`)),
      { ...w.decideDeps, breaker },
    );

    expect(writes).toBe(1);
    expect(
      (
        await w.breaker.recordFailures(
          APPLICATION_ON_SPOT,
          [],
          { threshold: 100, windowSeconds: 300, cooldownSeconds: 900 },
          NOW,
        )
      ).count,
    ).toBe(10);
  });

  it('retries at the usual delay again once the cooldown is over', async () => {
    const w = orchestratorWorld([policyWith()]);
    for (const id of ['job-a', 'job-b', 'job-c']) await handleJobEvent(appFailure(id), w.decideDeps);
    w.clock.advanceSeconds(900);

    const after = await handleJobEvent(appFailure('job-d'), w.decideDeps);

    expect(delayOf(after)).toBe(60);
  });

  it('counts a failure once however often its event is delivered', async () => {
    const w = orchestratorWorld([policyWith()]);

    for (let i = 0; i < 3; i++) await handleJobEvent(appFailure('job-a'), w.decideDeps);
    await handleJobEvent(appFailure('job-b'), w.decideDeps);

    expect(await w.breaker.pausedUntil(APPLICATION_ON_SPOT, NOW)).toBeUndefined();
    expect(w.alerts.alerts).toEqual([]);
  });

  it('neither counts nor waits when breaker.enabled is false', async () => {
    const off = policyWith({ breaker: { enabled: false, threshold: 1 } });
    const w = orchestratorWorld([off]);
    await w.breaker.recordFailures(
      { jobQueue: 'spot-queue', failureClass: 'infrastructure' },
      [NOW],
      {
        threshold: 1,
        windowSeconds: 300,
        cooldownSeconds: 900,
      },
      NOW,
    );

    const outcomes = [];
    for (const id of ['job-a', 'job-b', 'job-c'])
      outcomes.push(await handleJobEvent(appFailure(id), w.decideDeps));
    const reclaim = await handleJobEvent(spotReclaim('job-spot'), w.decideDeps);

    expect([...outcomes, reclaim].map(delayOf)).toEqual([60, 60, 60, 60]);
    expect(w.retries.drain().map((m) => m.delaySeconds)).toEqual([60, 60, 60, 60]);
    expect(await w.breaker.pausedUntil(APPLICATION_ON_SPOT, NOW)).toBeUndefined();
    expect(w.alerts.alerts).toEqual([]);
  });

  it('leaves other queues and other classes unaffected while one breaker is open', async () => {
    const w = orchestratorWorld([policyWith()]);
    for (const id of ['job-a', 'job-b', 'job-c']) await handleJobEvent(appFailure(id), w.decideDeps);

    const otherQueue = await handleJobEvent(appFailure('job-od', ON_DEMAND), w.decideDeps);
    const otherClass = await handleJobEvent(spotReclaim('job-spot'), w.decideDeps);

    expect([delayOf(otherQueue), delayOf(otherClass)]).toEqual([60, 60]);
  });

  it('opens without an alert when alerts.on leaves out BREAKER_OPEN', async () => {
    const w = orchestratorWorld([policyWith({ alerts: { on: ['GAVE_UP'] } })]);

    for (const id of ['job-a', 'job-b', 'job-c']) await handleJobEvent(appFailure(id), w.decideDeps);

    expect(await w.breaker.pausedUntil(APPLICATION_ON_SPOT, NOW)).toBe(NOW + 900_000);
    expect(w.alerts.alerts).toEqual([]);
  });

  it('does not count a backlog of failures that stopped more than a window ago (an outage being caught up)', async () => {
    const w = orchestratorWorld([policyWith()]);
    w.clock.advanceSeconds(3600);

    for (const id of ['job-a', 'job-b', 'job-c', 'job-d']) await handleJobEvent(appFailure(id), w.decideDeps);

    expect(await w.breaker.pausedUntil(APPLICATION_ON_SPOT, NOW + 3_600_000)).toBeUndefined();
    expect(w.alerts.alerts).toEqual([]);
  });

  it('counts failures the policy gives up on too', async () => {
    const w = orchestratorWorld([policyWith({ defaultAction: 'EXIT', alerts: { on: ['BREAKER_OPEN'] } })]);

    for (const id of ['job-a', 'job-b', 'job-c']) await handleJobEvent(appFailure(id), w.decideDeps);

    expect(w.alerts.alerts.map((a) => a.kind)).toEqual(['BREAKER_OPEN']);
  });

  it('fails the record that opened the breaker when its alert cannot go out, and raises it on the redelivery', async () => {
    const w = orchestratorWorld([policyWith()]);
    let refused = 0;
    const deps = {
      ...w.decideDeps,
      alerts: {
        publish: async (alert: Parameters<typeof w.alerts.publish>[0]) => {
          if (alert.kind === 'BREAKER_OPEN' && refused === 0) {
            refused += 1;
            throw new Error('SNS is unavailable');
          }
          await w.alerts.publish(alert);
        },
      },
    };
    for (const id of ['job-a', 'job-b']) await handleJobEvent(appFailure(id), deps);

    const [opened] = await handleJobEvents([appFailure('job-c')], deps);
    const before = w.alerts.alerts.filter((a) => a.kind === 'BREAKER_OPEN').length;
    const [redelivered] = await handleJobEvents([appFailure('job-c')], deps);

    expect(opened).toBeInstanceOf(Error);
    expect(before).toBe(0);
    expect(redelivered).toMatchObject({ outcome: 'retry-scheduled', duplicate: true });
    expect(w.alerts.alerts.filter((a) => a.kind === 'BREAKER_OPEN')).toEqual([
      expect.objectContaining({ jobId: 'job-c', jobQueue: SPOT_QUEUE, failureClass: 'application' }),
    ]);
  });

  it('raises nothing again for a redelivered decision whose breaker opened long after it', async () => {
    const w = orchestratorWorld([policyWith()]);
    await handleJobEvent(appFailure('job-a'), w.decideDeps);
    w.clock.advanceSeconds(120);
    for (const id of ['job-b', 'job-c'])
      await handleJobEvent(appFailure(id, SPOT_QUEUE, NOW + 120_000), w.decideDeps);

    await handleJobEvents([appFailure('job-a')], w.decideDeps);

    expect(w.alerts.alerts.filter((a) => a.kind === 'BREAKER_OPEN')).toHaveLength(1);
  });

  it('finds the redelivered decision that opened the breaker behind an older one of the same queue and class', async () => {
    const w = orchestratorWorld([policyWith()]);
    const refusing = {
      ...w.decideDeps,
      alerts: {
        publish: async () => {
          throw new Error('the Lambda died here');
        },
      },
    };
    await handleJobEvent(appFailure('job-a'), w.decideDeps);
    w.clock.advanceSeconds(120);
    await handleJobEvent(appFailure('job-b', SPOT_QUEUE, NOW + 120_000), w.decideDeps);
    const [opened] = await handleJobEvents([appFailure('job-c', SPOT_QUEUE, NOW + 120_000)], refusing);

    await handleJobEvents(
      [appFailure('job-a'), appFailure('job-c', SPOT_QUEUE, NOW + 120_000)],
      w.decideDeps,
    );

    expect(opened).toBeInstanceOf(Error);
    expect(w.alerts.alerts.filter((a) => a.kind === 'BREAKER_OPEN').map((a) => a.jobId)).toEqual(['job-c']);
  });
});
