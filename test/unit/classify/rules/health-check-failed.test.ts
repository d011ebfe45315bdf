import { describe, expect, it } from 'vitest';
import { healthCheckFailed } from '#core/classify/rules/health-check-failed.js';
import { neverRan, ruleInput } from '../rule-input.js';

describe('healthCheckFailed', () => {
  // ECS stopped reasons: "Task failed container health checks" (the container's own health check
  // command failed) and "Task failed ELB health checks in (elb <name>)" (ECS developer guide,
  // "Checking stopped tasks for errors"; AWS knowledge centre "Why is my Amazon ECS task stopped?").
  it.each(['Task failed container health checks', 'Task failed ELB health checks in (elb orders-api)'])(
    'gives application for the attempt reason "%s", whatever the exit code',
    (reason) => {
      expect(healthCheckFailed.evaluate(ruleInput({ statusReason: reason, exitCode: 143 }))).toMatchObject({
        kind: 'match',
        class: 'application',
        evidence: { attempt: 0, field: 'attempt.statusReason', text: reason },
      });
    },
  );

  it('reads the job-level reason of a job whose attempt has none', () => {
    const input = ruleInput({}, { statusReason: 'Task failed container health checks' });

    expect(healthCheckFailed.evaluate(input)).toMatchObject({
      class: 'application',
      evidence: { field: 'job.statusReason' },
    });
  });

  it('does not match a generic application exit', () => {
    const input = ruleInput({ statusReason: 'Essential container in task exited', exitCode: 1 });
    expect(healthCheckFailed.evaluate(input)).toEqual({ kind: 'no-match' });
  });

  it('ignores an operator text that mentions health checks', () => {
    const input = ruleInput({ exitCode: 143 }, { statusReason: 'stopping: health checks are flapping' });
    expect(healthCheckFailed.evaluate(input)).toEqual({ kind: 'not-applicable' });
  });

  it('does not apply to a job that never ran and has no reason', () => {
    expect(healthCheckFailed.evaluate(neverRan(undefined))).toEqual({ kind: 'not-applicable' });
  });
});
