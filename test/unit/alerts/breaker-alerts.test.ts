import { describe, expect, it } from 'vitest';
import { breakerOpenAlert } from '#core/alerts/breaker-alerts.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { NOW } from '../decide/decide-fixtures.js';

const SETTINGS = { threshold: 20, windowSeconds: 300, cooldownSeconds: 900 };

describe('breakerOpenAlert', () => {
  it('tells the operator what piled up where, what is paused until when, and what to check', () => {
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
        'opened the breaker: new retries of infrastructure failures from spot-queue wait until ' +
        '2024-05-15T06:15:00Z (900 s). Retries already scheduled still run, and other queues and classes ' +
        'are not affected. Next: check Spot capacity and reclaims for the instance types of the queue, and ' +
        'the compute environment (status, instance types, subnets) in the AWS Batch console. If it clears, ' +
        'nothing needs doing: the breaker closes by itself and the held retries go ahead; if failures go ' +
        'on, it opens again and alerts again.',
    );
    expect(alert.fingerprint).toBe('BREAKER_OPEN|spot-queue|infrastructure');
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

    expect(alert.summary).toContain('Next: check the container image');
  });
});
