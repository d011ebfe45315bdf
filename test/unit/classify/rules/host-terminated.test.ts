import { describe, expect, it } from 'vitest';
import { hostTerminated } from '#core/classify/rules/host-terminated.js';
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

  // The ECS developer guide ("Checking stopped tasks for errors") lists "Host EC2 (instance id)
  // stopped/terminated"; ECS writes "stopped." or "terminated." (seen in the wild: "Host EC2
  // (instance i-06aab15feb4568492) stopped."). Batch copies it into the attempt and the job.
  it.each([
    ['Host EC2 (instance i-0abc123def4567890) stopped/terminated.', 'Host EC2 (instance *) stopped*'],
    ['Host EC2 (instance i-0abc123def4567890) stopped.', 'Host EC2 (instance *) stopped*'],
    ['Host EC2 (instance i-0abc123def4567890) terminated.', 'Host EC2 (instance *) terminated*'],
    ['Host EC2 stopped.', 'Host EC2 stopped|terminated'],
    ['Container instance deregistration forced by user', '*container instance * (deregistered|draining)*'],
    [
      'Service orders-api: ECS is performing maintenance on the underlying infrastructure hosting the task',
      '*ECS is performing maintenance on the underlying infrastructure*',
    ],
  ])('gives infrastructure for the documented form "%s" at job and attempt level', (reason, pattern) => {
    const input = ruleInput({ statusReason: reason }, { statusReason: reason });

    expect(hostTerminated.evaluate(input)).toMatchObject({
      kind: 'match',
      class: 'infrastructure',
      evidence: { attempt: 0, field: 'attempt.statusReason', pattern, text: reason },
    });
  });

  it('reads the job-level reason of a job whose attempt has none', () => {
    const input = ruleInput({}, { statusReason: 'Host EC2 (instance i-0abc) terminated.' });
    expect(hostTerminated.evaluate(input)).toMatchObject({
      class: 'infrastructure',
      evidence: { field: 'job.statusReason' },
    });
  });

  it.each([
    'EC2 instance terminated by ops during maintenance window OPS-2291',
    'Host EC2 maintenance - terminated manually',
    'container instance drained by ops, stopping the job',
  ])('does not match the operator text "%s" that mentions EC2 and terminated', (reason) => {
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
