import { describe, expect, it } from 'vitest';
import { breakerClosedAlert, breakerOpenAlert } from '#core/alerts/index.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { NOW } from '../decide/decide-fixtures.js';

const SETTINGS = { threshold: 20, windowSeconds: 300, cooldownSeconds: 900 };

describe('breakerOpenAlert', () => {
  it('tells the operator what piled up where, what is parked until when, and what to check', () => {
    const job = jobFromFixture('ec2-spot-host-terminated');

    const alert = breakerOpenAlert({
      job,
      failureClass: 'infrastructure',
      count: 20,
      settings: SETTINGS,
      openUntil: NOW + 900_000,
      policyName: 'production',
      at: NOW,
    });

    expect(alert.kind).toBe('BREAKER_OPEN');
    expect(alert.severity).toBe('warning');
    expect(alert.title).toBe('Retries paused on queue spot-queue: 20 infrastructure failures within 300 s');
    expect(alert.summary).toBe(
      '20 Batch jobs on queue spot-queue failed with infrastructure failures within 300 s (the breaker ' +
        `threshold of policy production is 20); the latest was ${job.jobName} (${job.jobId}). batch-retry ` +
        'opened the breaker: new retries of infrastructure failures from spot-queue are parked until ' +
        '2024-05-15T06:15:00Z (900 s). Retries of other queues and classes are not affected. Next: Check ' +
        'Spot capacity and reclaims for the instance types of the queue, and the compute environment ' +
        '(status, instance types, subnets) in the AWS Batch console. If it clears, nothing needs doing: ' +
        'after the cooldown a few parked retries go first, and when they do not fail the same way the ' +
        'breaker closes and the rest follow.',
    );
    expect(alert.decision).toBe('retries parked until 2024-05-15T06:15:00Z');
    expect(alert.fingerprint).toBe('BREAKER_OPEN|infrastructure|spot-queue|-|-');
  });

  it('points at the image when middleware failures pile up', () => {
    const alert = breakerOpenAlert({
      job: jobFromFixture('ec2-cannot-pull-container'),
      failureClass: 'middleware',
      count: 20,
      settings: SETTINGS,
      openUntil: NOW + 900_000,
      policyName: 'production',
      at: NOW,
    });

    expect(alert.next).toMatch(/^Check the container image/);
  });

  it('says when the probes after a cooldown failed the same way, under the same fingerprint', () => {
    const args = {
      job: jobFromFixture('ec2-cannot-pull-container'),
      failureClass: 'middleware' as const,
      count: 1,
      settings: SETTINGS,
      openUntil: NOW + 900_000,
      policyName: 'production',
      at: NOW,
    };

    const again = breakerOpenAlert({ ...args, reopened: true });

    expect(again.title).toBe(
      'Retries still paused on queue spot-queue: probes failed with middleware failures',
    );
    expect(again.summary).toMatch(
      /^The probe retries sent after the cooldown failed the same way \(middleware\)/,
    );
    expect(again.fingerprint).toBe(breakerOpenAlert(args).fingerprint);
  });
});

describe('breakerClosedAlert', () => {
  it('says the probes went through and the parked retries are being released, and that nothing is to be done', () => {
    const alert = breakerClosedAlert({
      jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/prod-spot',
      failureClass: 'middleware',
      openedAt: NOW,
      releaseSeconds: 300,
      at: NOW + 1_200_000,
    });

    expect(alert).toMatchObject({
      kind: 'BREAKER_CLOSED',
      severity: 'info',
      title: 'Retries resumed on queue prod-spot: middleware probes went through',
      next: 'Nothing to do. If failures pile up again, the breaker opens again and says so.',
      fingerprint: 'BREAKER_CLOSED|middleware|prod-spot|-|-',
    });
    expect(alert.summary).toContain('(open since 2024-05-15T06:00:00Z) is closed');
    expect(alert.summary).toContain('released over the next 300 s');
  });
});
