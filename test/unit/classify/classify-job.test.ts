import { describe, expect, it } from 'vitest';
import { FAILURE_CLASSES } from '#core/classify/classes.js';
import { classifyJob } from '#core/classify/classify-job.js';
import { parseEvent } from '#core/events/index.js';
import type { Attempt, BatchJobDetail, NormalisedJob } from '#core/events/types.js';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';

/** A FAILED EC2 job built directly in the normalised shape, with the given attempts. */
function failedJob(attempts: readonly Partial<Attempt>[], job: Partial<NormalisedJob> = {}): NormalisedJob {
  return {
    jobId: '7f3c9a4e-1b2d-4e5f-8a9b-0c1d2e3f4a5b',
    jobName: 'nightly-report',
    status: 'FAILED',
    jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/default',
    jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/report:3',
    platform: 'EC2',
    tags: {},
    attempts: attempts.map((a, index) => ({ index, source: 'attempts.container', containers: [], ...a })),
    detail: {} as BatchJobDetail,
    ...job,
  };
}

const ESSENTIAL = 'Essential container in task exited';

describe('classifyJob', () => {
  it('gives the job its last attempt class and classifies every attempt', () => {
    const job = failedJob(
      [
        { statusReason: 'Host EC2 (instance i-0abc) terminated.' },
        { containerReason: 'OutOfMemoryError: Container killed due to memory usage', exitCode: 137 },
        { statusReason: ESSENTIAL, exitCode: 1 },
      ],
      { statusReason: ESSENTIAL },
    );

    const classification = classifyJob(job);

    expect(classification.class).toBe('application');
    expect(classification.attempts.map((a) => [a.index, a.class])).toEqual([
      [0, 'infrastructure'],
      [1, 'resource'],
      [2, 'application'],
    ]);
    expect(classification.evidence).toEqual(classification.attempts[2]?.evidence);
  });

  it('gives none to a job that is not FAILED while still classifying its failed attempts', () => {
    const job = failedJob([{ statusReason: 'Your Spot Task was interrupted.' }], { status: 'RUNNABLE' });

    const classification = classifyJob(job);

    expect(classification).toMatchObject({
      class: 'none',
      derived: false,
      evidence: { field: 'job.status' },
    });
    expect(classification.attempts.map((a) => a.class)).toEqual(['infrastructure']);
  });

  it('classifies 143 with a host termination as infrastructure and 143 alone as application', () => {
    const host = failedJob([{ statusReason: 'Host EC2 (instance i-0abc) terminated.', exitCode: 143 }], {
      statusReason: 'Host EC2 (instance i-0abc) terminated.',
    });
    const alone = failedJob([{ statusReason: ESSENTIAL, exitCode: 143 }], { statusReason: ESSENTIAL });

    expect(classifyJob(host).class).toBe('infrastructure');
    expect(classifyJob(alone).class).toBe('application');
  });

  it('treats an operator reason that mentions EC2 and terminated as a cancel', () => {
    const reason = 'Host EC2 maintenance - terminated manually';
    const job = failedJob([{ statusReason: reason, exitCode: 143 }], { statusReason: reason });

    expect(classifyJob(job)).toMatchObject({
      class: 'cancelled',
      evidence: { field: 'job.statusReason', text: reason },
    });
  });

  it('classifies an EKS pod from its main container exit 1, not from the init container that completed', () => {
    const job = parseEvent(loadEventFixture('eks-init-container-completed'), 'eks.json');

    expect(classifyJob(job)).toMatchObject({
      class: 'application',
      rule: 'application-exit',
      evidence: { attempt: 0, field: 'container.exitCode', text: '1' },
    });
  });

  it.each([
    'Host EC2 (instance i-0abc123def4567890) stopped/terminated.',
    'Host EC2 (instance i-0abc123def4567890) stopped.',
  ])('classifies a Spot host lost with "%s" in the event as infrastructure', (reason) => {
    const raw = structuredClone(loadEventFixture('ec2-spot-host-terminated'));
    raw.detail.statusReason = reason;
    (raw.detail.attempts as Array<Record<string, unknown>>)[0] = {
      ...(raw.detail.attempts as Array<Record<string, unknown>>)[0],
      statusReason: reason,
    };

    expect(classifyJob(parseEvent(raw, 'spot.json'))).toMatchObject({
      class: 'infrastructure',
      rule: 'host-terminated',
      evidence: { field: 'attempt.statusReason', text: reason },
    });
  });

  it('marks an array parent that failed because a child failed as derived dependency', () => {
    const job = failedJob([], {
      statusReason: 'Array Child Job failed',
      array: { isParent: true, size: 10 },
    });

    expect(classifyJob(job)).toMatchObject({ class: 'dependency', derived: true });
  });

  it('marks a job that never ran because a dependency failed as derived dependency', () => {
    const job = failedJob([], { statusReason: 'Dependent Job failed' });

    expect(classifyJob(job)).toMatchObject({ class: 'dependency', derived: true, attempts: [] });
  });

  it('does not mark an array parent cancelled by an operator as derived', () => {
    const job = failedJob([], { statusReason: 'abandoned release', array: { isParent: true, size: 10 } });

    expect(classifyJob(job)).toMatchObject({ class: 'cancelled', derived: false });
  });

  it('marks a non-main node of a multi-node job as derived and keeps its own class', () => {
    const job = failedJob([{ statusReason: ESSENTIAL, exitCode: 143 }], {
      statusReason: ESSENTIAL,
      platform: 'MULTI_NODE',
      node: { index: 1, isMainNode: false },
    });

    expect(classifyJob(job)).toMatchObject({ class: 'application', derived: true });
  });
});

describe('classifyJob on bad input', () => {
  const truncated = `CannotPullContainerError: ${'failed to resolve reference '.repeat(12)}`.slice(0, 255);

  it.each([
    ['a reason cut at 255 characters mid-word', [{ containerReason: truncated }], 'middleware'],
    [
      'a reason with newlines',
      [{ containerReason: 'OutOfMemoryError:\ncontainer killed\r\ndue to memory usage', exitCode: 137 }],
      'resource',
    ],
    ['a missing exit code and reason', [{ statusReason: ESSENTIAL }], 'unknown'],
    ['exit code 137 without a reason', [{ exitCode: 137 }], 'application'],
    ['exit code 143 without a reason', [{ exitCode: 143 }], 'application'],
    ['exit code 0 on a failed attempt', [{ exitCode: 0, statusReason: ESSENTIAL }], 'unknown'],
    ['a reason never seen before', [{ containerReason: 'QuantumFluxError: capacitor' }], 'unknown'],
    ['an empty reason', [{ containerReason: '', statusReason: '   ' }], 'unknown'],
    ['empty attempts and no reason at all', [], 'unknown'],
  ] as const)('gives %s a class and evidence', (_what, attempts, cls) => {
    const job = failedJob(attempts, { statusReason: ESSENTIAL });

    const classification = classifyJob(job);

    expect(classification.class).toBe(cls);
    expect(classification.evidence.field).toBeTruthy();
    expect(classification.evidence.pattern).toBeTruthy();
  });

  it('classifies a job on an unknown platform from its reasons', () => {
    const job = failedJob([{ statusReason: 'Your Spot Task was interrupted.' }], { platform: 'UNKNOWN' });

    expect(classifyJob(job).class).toBe('infrastructure');
  });

  it('gives a FAILED job without attempts or reason the unknown class with evidence field none', () => {
    const job = failedJob([]);

    expect(classifyJob(job)).toMatchObject({ class: 'unknown', evidence: { field: 'none' } });
  });

  it('never throws and always gives a failure class to a FAILED job', () => {
    const reasons = [undefined, '', '\n', truncated, ESSENTIAL, 'x'.repeat(300), 'Dependent Job failed'];
    const codes = [undefined, 0, 1, 137, 143, -1, 255];
    for (const reason of reasons) {
      for (const exitCode of codes) {
        const attempt = {
          ...(reason === undefined ? {} : { containerReason: reason, statusReason: reason }),
          ...(exitCode === undefined ? {} : { exitCode }),
        };
        const job = failedJob([attempt], reason === undefined ? {} : { statusReason: reason });
        expect(FAILURE_CLASSES).toContain(classifyJob(job).class);
      }
    }
  });
});
