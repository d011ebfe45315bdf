import { describe, expect, it } from 'vitest';
import { deliveryFor, gaveUpAlert, policyWants } from '#core/alerts/index.js';
import type { DecisionRecord, Lineage } from '#core/lineage/index.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { NOW } from '../decide/decide-fixtures.js';

const policy = (alerts: object = {}) => loadedPolicy({ alerts } as never).policy;

describe('which alerts a policy wants', () => {
  it('alerts give-ups and breaker openings by default, and the closing that follows an opening', () => {
    const defaults = policy();

    expect(policyWants(defaults, 'GAVE_UP', 'application')).toBe(true);
    expect(policyWants(defaults, 'BREAKER_OPEN', 'infrastructure')).toBe(true);
    expect(policyWants(defaults, 'BREAKER_CLOSED', 'infrastructure')).toBe(true);
    expect(policyWants(defaults, 'RETRYING', 'infrastructure')).toBe(false);
    expect(policyWants(defaults, 'RECOVERED', 'infrastructure')).toBe(false);
  });

  it('does not alert a cancel or a failed dependency unless the policy names the class', () => {
    expect(policyWants(policy(), 'GAVE_UP', 'cancelled')).toBe(false);
    expect(policyWants(policy(), 'GAVE_UP', 'dependency')).toBe(false);
    expect(policyWants(policy({ byClass: { cancelled: ['GAVE_UP'] } }), 'GAVE_UP', 'cancelled')).toBe(true);
  });

  it('lets byClass silence one class and leave the others to "on"', () => {
    const quietTimeouts = policy({ byClass: { timeout: [] } });

    expect(policyWants(quietTimeouts, 'GAVE_UP', 'timeout')).toBe(false);
    expect(policyWants(quietTimeouts, 'GAVE_UP', 'application')).toBe(true);
  });

  it('always sends what means a job needs a person, whatever the policy says', () => {
    const silent = policy({ on: [] });

    for (const kind of ['NOT_RESUBMITTED', 'DUPLICATE_CHILD', 'STUCK', 'POLICY_INVALID'] as const) {
      expect(policyWants(silent, kind, 'application')).toBe(true);
    }
    expect(policyWants(silent, 'GAVE_UP', 'application')).toBe(false);
  });

  it('delivers as the policy says: its aggregation window and channels', () => {
    expect(deliveryFor(policy({ channels: ['slack'], aggregateSeconds: 60 }))).toEqual({
      aggregateSeconds: 60,
      channels: ['slack'],
    });
  });
});

describe('the words of a give-up fit its class', () => {
  const lineage = (
    failureClass: DecisionRecord['failureClass'],
  ): { decision: DecisionRecord; lineage: Lineage } => {
    const decision: DecisionRecord = {
      failedJobId: 'job-1',
      failedJobName: 'nightly',
      jobQueue: 'spot-queue',
      failureClass,
      evidence: { field: 'statusReason', pattern: '*', text: 'Cancelled by on-call: bad input file' },
      attemptsCounted: 1,
      action: 'EXIT',
      reason: 'a cancel is never retried',
      decidedAt: NOW,
    };
    return {
      decision,
      lineage: {
        rootJobId: 'job-1',
        rootJobName: 'nightly',
        policyName: 'p',
        policyVersion: 1,
        createdAt: NOW,
        status: 'GAVE_UP',
        counts: { [failureClass]: 1 },
        totalAttempts: 1,
        decisions: [decision],
        version: 1,
      } as Lineage,
    };
  };

  it('does not ask to fix the cause of a cancel someone made on purpose', () => {
    const { decision, lineage: l } = lineage('cancelled');

    const alert = gaveUpAlert(jobFromFixture('cancelled-by-operator'), decision, l, NOW);

    expect(alert.summary).toContain(
      'was cancelled or terminated by a person or a tool (Cancelled by on-call: bad input file)',
    );
    expect(alert.next).toMatch(/^Nothing, if the cancel was meant/);
    expect(alert.summary).not.toContain('fix the cause');
    expect(alert.severity).toBe('info');
  });

  it('points an out-of-memory give-up at the memory, and a dependency at the upstream job', () => {
    expect(
      gaveUpAlert(
        jobFromFixture('ec2-out-of-memory-137'),
        lineage('resource').decision,
        lineage('resource').lineage,
        NOW,
      ).next,
    ).toMatch(/^Raise the memory/);
    expect(
      gaveUpAlert(
        jobFromFixture('dependency-failed'),
        lineage('dependency').decision,
        lineage('dependency').lineage,
        NOW,
      ).next,
    ).toMatch(/^Look at the upstream job/);
  });

  it('carries the console links of the job and its log stream', () => {
    const { decision, lineage: l } = lineage('application');

    const alert = gaveUpAlert(jobFromFixture('application-exit-3'), decision, l, NOW);

    expect(alert.links?.job).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/batch\/home\?region=us-east-1#jobs\/detail\//,
    );
    expect(alert.links?.logs).toContain(
      '#logsV2:log-groups/log-group/$252Faws$252Fbatch$252Fjob/log-events/',
    );
  });
});
