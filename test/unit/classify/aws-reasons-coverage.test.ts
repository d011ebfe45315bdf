import { describe, expect, it } from 'vitest';
import { AWS_JOB_REASONS, isAwsJobReason } from '#core/classify/aws-reasons.js';
import type { JobClass } from '#core/classify/classes.js';
import { classifyJob } from '#core/classify/classify-job.js';
import type { BatchJobDetail, NormalisedJob, Platform } from '#core/events/types.js';

interface Sample {
  readonly text: string;
  readonly class: JobClass;
  readonly rule: string;
  readonly platform?: Platform;
}

/**
 * One real example of every job-level reason AWS writes (aws-reasons.ts), with the class and rule it
 * must get when it is all a FAILED job carries. `unknown` only for texts that say nothing by
 * themselves (the exit code decides) or whose meaning AWS does not document.
 */
const SAMPLES: readonly Sample[] = [
  // Generic: the exit code decides (application-exit); without one there is nothing to go on.
  { text: 'Essential container in task exited', class: 'unknown', rule: 'no-evidence' },
  { text: 'Job attempt duration exceeded timeout', class: 'timeout', rule: 'attempt-timeout' },
  { text: 'Dependent Job failed', class: 'dependency', rule: 'dependent-job-failed' },
  { text: 'Array Child Job failed', class: 'dependency', rule: 'array-child-failed' },
  {
    text: 'Canceled by JobStateTimeLimit action due to reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY',
    class: 'infrastructure',
    rule: 'queue-time-limit',
  },
  {
    text: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [m5.large]',
    class: 'infrastructure',
    rule: 'queue-time-limit',
  },
  {
    text: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.',
    class: 'resource',
    rule: 'queue-time-limit',
  },
  // Listed without a documented meaning: nothing to classify it by.
  { text: 'UNDETERMINED', class: 'unknown', rule: 'no-evidence' },
  {
    text: 'Host EC2 (instance i-0abc123def4567890) stopped/terminated.',
    class: 'infrastructure',
    rule: 'host-terminated',
  },
  {
    text: 'Host EC2 (instance i-0abc123def4567890) stopped.',
    class: 'infrastructure',
    rule: 'host-terminated',
  },
  {
    text: 'Host EC2 (instance i-0abc123def4567890) terminated.',
    class: 'infrastructure',
    rule: 'host-terminated',
  },
  { text: 'Host EC2 terminated.', class: 'infrastructure', rule: 'host-terminated' },
  {
    text: 'Container instance deregistration forced by user',
    class: 'infrastructure',
    rule: 'host-terminated',
  },
  { text: 'EC2 instance terminated', class: 'infrastructure', rule: 'host-terminated' },
  { text: 'Your Spot Task was interrupted.', class: 'infrastructure', rule: 'spot-interruption' },
  { text: 'Task stopped by AWS', class: 'infrastructure', rule: 'host-terminated' },
  { text: 'Task failed to start', class: 'middleware', rule: 'task-setup-failure' },
  {
    text: 'ECS is performing maintenance on the underlying infrastructure hosting the task',
    class: 'infrastructure',
    rule: 'host-terminated',
  },
  {
    text: 'Timeout waiting for network interface provisioning to complete.',
    class: 'infrastructure',
    rule: 'network-provisioning',
  },
  { text: 'Task failed container health checks', class: 'application', rule: 'health-check-failed' },
  {
    text: 'Task failed ELB health checks in (elb orders-api)',
    class: 'application',
    rule: 'health-check-failed',
  },
  {
    text: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
    class: 'middleware',
    rule: 'container-runtime-error',
  },
  {
    text: 'OutOfMemoryError: Container killed due to memory usage',
    class: 'resource',
    rule: 'out-of-memory',
  },
  { text: 'SpotInterruption', class: 'infrastructure', rule: 'spot-interruption' },
  { text: 'TaskFailedToStart', class: 'middleware', rule: 'container-runtime-error' },
  // Kubernetes reasons and messages on Batch on EKS.
  { text: 'OOMKilled', class: 'resource', rule: 'out-of-memory', platform: 'EKS' },
  { text: 'DeadlineExceeded', class: 'timeout', rule: 'attempt-timeout', platform: 'EKS' },
  { text: 'Evicted', class: 'infrastructure', rule: 'node-shutdown', platform: 'EKS' },
  { text: 'Error', class: 'unknown', rule: 'no-evidence', platform: 'EKS' },
  { text: 'ContainerCannotRun', class: 'middleware', rule: 'container-runtime-error', platform: 'EKS' },
  { text: 'ImagePullBackOff', class: 'middleware', rule: 'container-runtime-error', platform: 'EKS' },
  { text: 'ErrImagePull', class: 'middleware', rule: 'container-runtime-error', platform: 'EKS' },
  { text: 'NodeShutdown', class: 'infrastructure', rule: 'node-shutdown', platform: 'EKS' },
  { text: 'Shutdown', class: 'infrastructure', rule: 'node-shutdown', platform: 'EKS' },
  { text: 'Terminated', class: 'infrastructure', rule: 'node-shutdown', platform: 'EKS' },
  {
    text: 'Pod was terminated in response to imminent node shutdown.',
    class: 'infrastructure',
    rule: 'node-shutdown',
    platform: 'EKS',
  },
  {
    text: 'Node is shutting, evicting pods',
    class: 'infrastructure',
    rule: 'node-shutdown',
    platform: 'EKS',
  },
  {
    text: 'Pod was active on the node longer than the specified deadline',
    class: 'timeout',
    rule: 'attempt-timeout',
    platform: 'EKS',
  },
  {
    text: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 12Mi.',
    class: 'resource',
    rule: 'out-of-memory',
    platform: 'EKS',
  },
  {
    text: 'The node was low on resource: ephemeral-storage. Threshold quantity: 1Gi, available: 512Mi.',
    class: 'resource',
    rule: 'out-of-memory',
    platform: 'EKS',
  },
  {
    text: 'Pod The node had condition: [DiskPressure]. ',
    class: 'infrastructure',
    rule: 'node-shutdown',
    platform: 'EKS',
  },
];

/** A FAILED job that never ran, whose only evidence is its job-level reason. */
function failedWith(text: string, platform: Platform = 'EC2'): NormalisedJob {
  return {
    jobId: '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b',
    jobName: 'orders-etl',
    status: 'FAILED',
    statusReason: text,
    jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/default',
    jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/orders-etl:4',
    platform,
    tags: {},
    attempts: [],
    detail: {} as BatchJobDetail,
  };
}

describe('the reasons AWS writes (AWS_JOB_REASONS)', () => {
  it('each have a sample here, so that a new entry comes with the class it must get', () => {
    const unsampled = AWS_JOB_REASONS.filter((pattern) => !SAMPLES.some((s) => pattern.test(s.text)));

    expect(unsampled.map(String)).toEqual([]);
  });

  it.each(SAMPLES)('lists "$text" as a reason AWS writes', ({ text }) => {
    expect(isAwsJobReason(text)).toBe(true);
  });

  it.each(SAMPLES)('classifies "$text" as $class by $rule', ({ text, class: cls, rule, platform }) => {
    expect(classifyJob(failedWith(text, platform))).toMatchObject({ class: cls, rule });
  });
});
