import { describe, expect, it } from 'vitest';
import { isAwsJobReason } from '#core/classify/aws-reasons.js';

describe('isAwsJobReason', () => {
  it.each([
    'Essential container in task exited',
    'Job attempt duration exceeded timeout',
    'Dependent Job failed',
    'Array Child Job failed',
    'Host EC2 (instance i-0123456789abcdef0) terminated.',
    'Host EC2 (instance i-0123456789abcdef0) stopped.',
    'Host EC2 (instance i-0123456789abcdef0) stopped/terminated.',
    'Container instance deregistration forced by user',
    'Node is shutting, evicting pods',
    'Your Spot Task was interrupted.',
    'Task failed to start',
    'Timeout waiting for network interface provisioning to complete.',
    'Canceled by JobStateTimeLimit action due to reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY',
    'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
    'OutOfMemoryError: container killed due to memory usage',
    'Pod was terminated in response to imminent node shutdown.',
  ])('knows "%s" as a reason AWS writes', (reason) => {
    expect(isAwsJobReason(reason)).toBe(true);
  });

  it.each([
    'Cancelled by on-call: bad input file',
    'EC2 instance terminated by ops during maintenance window OPS-2291',
    'Job killed by NF',
    'Terminated by user',
    'stuck waiting for CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY',
    'Cancelled: JobStateTimeLimit too short, resubmitting',
    'Host EC2 maintenance - terminated manually',
  ])('treats "%s" as an operator text', (reason) => {
    expect(isAwsJobReason(reason)).toBe(false);
  });
});
