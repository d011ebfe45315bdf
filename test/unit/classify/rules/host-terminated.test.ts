import { describe, expect, it } from 'vitest';
import { hostTerminated } from '../../../../shared/classify/rules/host-terminated.js';
import { neverRan, ruleInput } from '../rule-input.js';

describe('hostTerminated', () => {
  it.each([
    'Host EC2 (instance i-0123456789abcdef0) terminated.',
    'Host EC2 (instance i-0abc) terminated. The instance was part of a Spot',
    'Host EC2 Terminated',
    'Task stopped by AWS',
    'ECS is performing maintenance on the underlying infrastructure hosting the task',
  ])('gives infrastructure for the attempt reason "%s"', (reason) => {
    expect(hostTerminated.evaluate(ruleInput({ statusReason: reason, exitCode: 143 }))).toMatchObject({
      kind: 'match',
      class: 'infrastructure',
      evidence: { attempt: 0, field: 'attempt.statusReason', text: reason },
    });
  });

  it('reads the job-level reason of a job whose attempt has none', () => {
    const input = ruleInput({}, { statusReason: 'Host EC2 (instance i-0abc) terminated.' });
    expect(hostTerminated.evaluate(input)).toMatchObject({
      class: 'infrastructure',
      evidence: { field: 'job.statusReason' },
    });
  });

  it('does not match an operator text that mentions EC2 and terminated', () => {
    const reason = 'EC2 instance terminated by ops during maintenance window OPS-2291';
    const input = ruleInput({ statusReason: reason, exitCode: 143 }, { statusReason: reason });
    expect(hostTerminated.evaluate(input)).toEqual({ kind: 'not-applicable' });
  });

  it('does not match an application exit', () => {
    const input = ruleInput({ statusReason: 'Essential container in task exited', exitCode: 1 });
    expect(hostTerminated.evaluate(input)).toEqual({ kind: 'no-match' });
  });

  it('does not apply to a job that never ran and has no reason', () => {
    expect(hostTerminated.evaluate(neverRan(undefined))).toEqual({ kind: 'not-applicable' });
  });
});
