import { describe, expect, it } from 'vitest';
import { isAwsWrittenReason } from '#core/classify/aws-written-reason.js';
import { classifyJob } from '#core/classify/classify-job.js';
import { RULE_PACK } from '#core/classify/pack.js';
import type { Rule } from '#core/classify/rule.js';
import type { Attempt, BatchJobDetail, NormalisedJob } from '#core/events/types.js';

/**
 * A FAILED EC2 job that ran once and was stopped from outside: the same reason at job level and on
 * the attempt (Batch copies the ECS stopped reason into both, and TerminateJob copies an operator's
 * text into both), with the given exit code.
 */
function stoppedJob(reason: string, exitCode?: number): NormalisedJob {
  const attempt: Attempt = {
    index: 0,
    source: 'attempts.container',
    statusReason: reason,
    containers: [],
    ...(exitCode === undefined ? {} : { exitCode }),
  };
  return {
    jobId: '0d6f1c2a-3b4e-4f5a-9b8c-7d6e5f4a3b2c',
    jobName: 'orders-etl',
    status: 'FAILED',
    statusReason: reason,
    jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue',
    jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/orders-etl:4',
    platform: 'EC2',
    tags: {},
    attempts: [attempt],
    detail: {} as BatchJobDetail,
  };
}

describe('isAwsWrittenReason', () => {
  it('knows a reason listed in AWS_JOB_REASONS', () => {
    expect(isAwsWrittenReason('Host EC2 (instance i-0abc123def4567890) stopped.', RULE_PACK)).toBe(true);
  });

  it('knows a form the list misses when a rule of the pack recognises it', () => {
    // ECS prefixes service tasks' maintenance reason with the service name; the list is anchored.
    const reason =
      'Service orders-api: ECS is performing maintenance on the underlying infrastructure hosting the task';

    expect(isAwsWrittenReason(reason, RULE_PACK)).toBe(true);
  });

  it('reads the patterns of whatever pack it is given', () => {
    const custom: Rule = {
      id: 'custom',
      description: 'A site-specific platform text.',
      patterns: [{ label: 'Capacity Block ended*', regex: /^Capacity Block ended\b/i }],
      evaluate: () => ({ kind: 'no-match' }),
    };

    expect(isAwsWrittenReason('Capacity Block ended', RULE_PACK)).toBe(false);
    expect(isAwsWrittenReason('Capacity Block ended', [custom])).toBe(true);
  });

  it.each([
    'Cancelled by on-call: bad input file',
    'EC2 instance terminated by ops during maintenance window OPS-2291',
    'Host EC2 maintenance - terminated manually',
    'Job killed by NF',
    'Terminated by user',
    'Preempted by the release pipeline',
    'killing it: memory leak, OutOfMemoryError expected',
    'stuck waiting for CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY',
    'cancelled by platform: EC2 has returned InsufficientInstanceCapacity in us-east-1b for c6i.4xlarge',
    'on-call: registry said toomanyrequests and CannotPullContainerError all night',
    'killing it: out of memory expected',
    '   ',
  ])('leaves the operator text "%s" to operator-cancel', (reason) => {
    expect(isAwsWrittenReason(reason, RULE_PACK)).toBe(false);
  });

  it('reads a code a rule knows only where AWS writes it: at the start of the text', () => {
    expect(
      isAwsWrittenReason(
        'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
        RULE_PACK,
      ),
    ).toBe(true);
    expect(isAwsWrittenReason('note: CannotPullContainerError seen earlier, rerun later', RULE_PACK)).toBe(
      false,
    );
  });

  it.each([
    'Container Overrides length must be at most 8192',
    'ClientException: Job definition orders-etl:9 does not exist',
    'Memory requirement 1048576 exceeds the maximum supported value',
  ])('takes the AWS-style message "%s" as AWS\'s, though no rule knows it', (reason) => {
    expect(isAwsWrittenReason(reason, RULE_PACK)).toBe(true);
  });

  it('keeps an operator text that speaks of cancelling a cancel, even with AWS-like phrasing', () => {
    expect(isAwsWrittenReason('Cancelled: input must be at most 10 GB, resubmit smaller', RULE_PACK)).toBe(
      false,
    );
  });
});

describe('classifyJob on a job-level reason nobody recognises', () => {
  /** A FAILED job that never ran (no attempts), with only its job-level reason. */
  function neverRan(reason: string): NormalisedJob {
    return { ...stoppedJob(reason), attempts: [] };
  }

  it('classifies an unknown AWS-style message as unknown, not as a cancel', () => {
    expect(classifyJob(neverRan('Container Overrides length must be at most 8192'))).toMatchObject({
      class: 'unknown',
      rule: 'no-evidence',
      evidence: { field: 'job.statusReason', cause: 'unrecognised' },
    });
  });

  it('classifies an operator sentence that quotes an AWS code as a cancel', () => {
    const reason = 'cancelled by platform: EC2 has returned InsufficientInstanceCapacity in us-east-1b';
    expect(classifyJob(stoppedJob(reason, 143))).toMatchObject({
      class: 'cancelled',
      evidence: { cause: 'operator-cancel' },
    });
    expect(classifyJob(neverRan(reason))).toMatchObject({ class: 'cancelled' });
  });

  it('still classifies a bare operator note on a job that never ran as a cancel', () => {
    expect(classifyJob(neverRan('bad input file'))).toMatchObject({ class: 'cancelled' });
  });
});

describe('classifyJob on a job stopped with a platform text', () => {
  it.each([
    ['Host EC2 (instance i-0abc123def4567890) stopped/terminated.', 'host-terminated'],
    ['Host EC2 (instance i-0abc123def4567890) stopped.', 'host-terminated'],
    ['Host EC2 (instance i-0abc123def4567890) terminated.', 'host-terminated'],
    ['Container instance deregistration forced by user', 'host-terminated'],
    ['ECS is performing maintenance on the underlying infrastructure hosting the task', 'host-terminated'],
    [
      'Service orders-api: ECS is performing maintenance on the underlying infrastructure hosting the task',
      'host-terminated',
    ],
    ['Your Spot Task was interrupted.', 'spot-interruption'],
  ])('classifies "%s" as infrastructure, never as an operator cancel', (reason, rule) => {
    for (const exitCode of [undefined, 0, 137, 143]) {
      const classification = classifyJob(stoppedJob(reason, exitCode));

      expect(classification).toMatchObject({
        class: 'infrastructure',
        rule,
        evidence: { attempt: 0, field: 'attempt.statusReason', text: reason },
      });
    }
  });

  it.each([
    'EC2 instance terminated by ops during maintenance window OPS-2291',
    'Host EC2 maintenance - terminated manually',
    'Preempted by the release pipeline',
    'Cancelled: JobStateTimeLimit too short, resubmitting',
  ])('still classifies the operator text "%s" as cancelled', (reason) => {
    expect(classifyJob(stoppedJob(reason, 143))).toMatchObject({
      class: 'cancelled',
      rule: 'operator-cancel',
    });
  });
});
