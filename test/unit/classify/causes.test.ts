import { describe, expect, it } from 'vitest';
import { CAUSE_NAMES, FAILURE_CAUSES, type FailureCause } from '#core/classify/causes.js';
import { FAILURE_CLASSES, type FailureClass } from '#core/classify/classes.js';
import { classifyJob } from '#core/classify/classify-job.js';
import type { Attempt, BatchJobDetail, NormalisedJob, Platform } from '#core/events/types.js';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/variant-caller:2025-03-01';

/** A FAILED job whose only attempt stopped with `attempt` (a container reason, a status reason...). */
function failedWith(
  attempt: Partial<Attempt>,
  platform: Platform = 'EC2',
  statusReason?: string,
): NormalisedJob {
  return {
    jobId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9',
    jobName: 'call-variants-0042',
    status: 'FAILED',
    ...(statusReason === undefined ? {} : { statusReason }),
    jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/genomics-spot',
    jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/call-variants:7',
    platform,
    tags: {},
    attempts: [{ index: 0, source: 'attempts.container', containers: [], ...attempt }],
    detail: {} as BatchJobDetail,
  };
}

const pull = (detail: string) => ({ statusReason: 'Task failed to start', containerReason: detail });

/**
 * Real texts of each cause, as AWS (or the container runtime) writes them. Sources: the ECS guide's
 * "CannotPullContainer task errors" (route, not found, disk, Docker Hub rate limit, failed copy) and
 * "CannotCreateContainerError" pages; the ECS agent's issue tracker (full-disk pulls, thin pool);
 * ResourceInitializationError texts quoted in public issues (ECR auth over a network without a
 * route, Secrets Manager and SSM access denied, context deadline); Docker's registry messages.
 */
const SAMPLES: readonly [FailureClass, FailureCause, Partial<Attempt>][] = [
  [
    'middleware',
    'image-not-found',
    pull(
      `CannotPullContainerError: Error response from daemon: manifest for ${IMAGE} not found: manifest unknown: Requested image not found`,
    ),
  ],
  [
    'middleware',
    'image-not-found',
    pull(
      'CannotPullContainerError: API error (404): repository 123456789012.dkr.ecr.us-east-1.amazonaws.com/genomics/caller not found',
    ),
  ],
  [
    'middleware',
    'image-not-found',
    pull(
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${IMAGE}: ${IMAGE}: not found`,
    ),
  ],
  [
    'middleware',
    'registry-auth-denied',
    pull(
      "CannotPullContainerError: Error response from daemon: pull access denied for genomics/caller, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    ),
  ],
  [
    'middleware',
    'registry-auth-denied',
    pull(
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to resolve reference: unexpected status code 403 Forbidden',
    ),
  ],
  [
    'middleware',
    'registry-throttled',
    pull(
      'CannotPullContainerError: Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    ),
  ],
  [
    'middleware',
    'registry-throttled',
    pull(
      'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/python/manifests/3.12: 429 Too Many Requests - Server message: toomanyrequests',
    ),
  ],
  [
    'middleware',
    'network-timeout',
    pull(
      'CannotPullContainerError: API error (500): Get https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    ),
  ],
  [
    'middleware',
    'network-timeout',
    pull(
      'CannotPullContainerError: Error response from daemon: Get "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/": dial tcp 10.0.12.7:443: i/o timeout',
    ),
  ],
  [
    'middleware',
    'network-timeout',
    pull(
      `CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: read tcp 10.0.3.4:51234->52.94.1.2:443: context deadline exceeded`,
    ),
  ],
  [
    'middleware',
    'network-timeout',
    pull(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 52.46.1.9:443: i/o timeout',
    ),
  ],
  [
    'middleware',
    'registry-unavailable',
    pull(
      'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://quay.io/v2/biocontainers/samtools/blobs/sha256:9f2c: 503 Service Unavailable',
    ),
  ],
  [
    'middleware',
    'host-disk-full',
    pull(
      'CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob271828182: no space left on device',
    ),
  ],
  [
    'middleware',
    'host-disk-full',
    pull(
      'CannotPullContainerError: failed to register layer: Error processing tar file(exit status 1): write /opt/conda/lib/libmkl_core.so: no space left on device',
    ),
  ],
  [
    'middleware',
    'host-disk-full',
    {
      containerReason:
        'CannotCreateContainerError: API error (500): devmapper: Thin Pool has 4350 free data blocks which is less than minimum required 4454 free data blocks. Create more free space in thin pool or use dm.min_free_space option to change behavior',
    },
  ],
  [
    'middleware',
    'secret-retrieval',
    pull(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/BatchExecution/3f2e is not authorized to perform: ssm:GetParameters',
    ),
  ],
  [
    'middleware',
    'secret-retrieval',
    pull(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 5 time(s): asm fetching secret from the service for quay-credentials: ResourceNotFoundException',
    ),
  ],
  [
    'middleware',
    'image-pull',
    pull(
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code',
    ),
  ],
  [
    'middleware',
    'runtime-timeout',
    { containerReason: 'DockerTimeoutError: Could not transition to created; timed out after waiting 4m0s' },
  ],
  [
    'middleware',
    'container-start',
    {
      containerReason:
        'CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "run.sh": executable file not found in $PATH: unknown',
    },
  ],
  ['middleware', 'task-setup', { statusReason: 'Task failed to start' }],
  ['infrastructure', 'host-lost', { statusReason: 'Host EC2 (instance i-0f1e2d3c4b5a69788) terminated.' }],
  ['infrastructure', 'spot-reclaim', { statusReason: 'Your Spot Task was interrupted.' }],
  [
    'infrastructure',
    'eni-provisioning',
    { statusReason: 'Timeout waiting for network interface provisioning to complete.' },
  ],
  [
    'resource',
    'out-of-memory',
    { containerReason: 'OutOfMemoryError: Container killed due to memory usage', exitCode: 137 },
  ],
  ['application', 'exit-code', { statusReason: 'Essential container in task exited', exitCode: 3 }],
  ['timeout', 'attempt-timeout', { statusReason: 'Job attempt duration exceeded timeout', exitCode: 137 }],
  ['unknown', 'unrecognised', { statusReason: 'Essential container in task exited' }],
];

describe('causes within a class', () => {
  it.each(SAMPLES)('reads %s / %s from its real text', (cls, cause, attempt) => {
    const classification = classifyJob(failedWith(attempt));

    expect(classification).toMatchObject({ class: cls });
    expect(classification.evidence).toMatchObject({ cause, transient: FAILURE_CAUSES[cause].transient });
  });

  it('tells the transient pull failures from the permanent ones', () => {
    const transient = (cause: FailureCause) => FAILURE_CAUSES[cause].transient;

    expect(
      ['registry-throttled', 'registry-unavailable', 'network-timeout', 'host-disk-full'].every((c) =>
        transient(c as FailureCause),
      ),
    ).toBe(true);
    expect(
      ['image-not-found', 'registry-auth-denied', 'secret-retrieval'].some((c) =>
        transient(c as FailureCause),
      ),
    ).toBe(false);
  });

  it('gives the queue time-limit codes their causes', () => {
    const capacity =
      'Canceled by JobStateTimeLimit action due to reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY';
    const role =
      'Canceled by JobStateTimeLimit action due to reason: MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS';
    const neverRan = (reason: string) => ({ ...failedWith({}, 'EC2', reason), attempts: [] });

    expect(classifyJob(neverRan(capacity)).evidence).toMatchObject({
      cause: 'capacity-unavailable',
      transient: true,
    });
    expect(classifyJob(neverRan(role)).evidence).toMatchObject({
      cause: 'queue-misconfigured',
      transient: false,
    });
  });

  it('lists every cause under a class of the taxonomy, and at least one cause for every class', () => {
    const classes = new Set(CAUSE_NAMES.map((cause) => FAILURE_CAUSES[cause].class));

    expect([...classes].sort()).toEqual([...FAILURE_CLASSES].sort());
  });
});
