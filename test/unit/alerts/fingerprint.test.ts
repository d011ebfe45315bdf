import { describe, expect, it } from 'vitest';
import { alertFingerprint, reasonShape } from '#core/alerts/index.js';

describe('reasonShape', () => {
  it.each([
    [
      'Host EC2 (instance i-0a1b2c3d4e5f67890) terminated.',
      'Host EC2 (instance i-0ffee1234abcd5678) terminated.',
    ],
    [
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/acme/etl:3.4: 503',
      'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref docker.io/acme/etl:3.5: 503',
    ],
    [
      'Task 0f8e2d6c9b7a4e3d8c1b2a3f4e5d6c7b stopped: arn:aws:ecs:us-east-1:123456789012:task/prod/0f8e2d6c',
      'Task 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d stopped: arn:aws:ecs:eu-west-1:210987654321:task/prod/9a8b7c6d',
    ],
    [
      'image sha256:1111111111111111111111111111111111111111111111111111111111111111 not found for job 4b90b111-8345-4c58-b101-87315dbe815e',
      'image sha256:2222222222222222222222222222222222222222222222222222222222222222 not found for job 07ab1a9f-805a-4700-b479-9236485261eb',
    ],
  ])('reads two reasons that differ only in ids the same: %s', (a, b) => {
    expect(reasonShape(a)).toBe(reasonShape(b));
  });

  it('keeps what tells causes apart: the words, and the image name', () => {
    expect(reasonShape('pull access denied for acme/etl')).not.toBe(
      reasonShape('toomanyrequests: rate limit for acme/etl'),
    );
    expect(reasonShape('failed to resolve ref docker.io/acme/etl:3.4')).not.toBe(
      reasonShape('failed to resolve ref docker.io/acme/report:3.4'),
    );
    expect(reasonShape('the files were added to the cache')).toBe('the files were added to the cache');
  });
});

describe('alertFingerprint', () => {
  const base = {
    kind: 'GAVE_UP',
    failureClass: 'middleware',
    jobQueue: 'prod-spot',
    jobDefinition: 'etl:3',
  } as const;

  it('groups by kind, class, queue name, job definition name and the reason without ids', () => {
    const a = alertFingerprint({
      ...base,
      jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/prod-spot',
      jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/etl:3',
      reason: 'Host EC2 (instance i-0a1b2c3d4e5f67890) terminated.',
    });
    const b = alertFingerprint({
      ...base,
      jobDefinition: 'etl:4',
      reason: 'Host EC2 (instance i-0ffee1234abcd5678) terminated.',
    });

    expect(a).toBe(b);
    expect(a).toBe('GAVE_UP|middleware|prod-spot|etl|Host EC2 (instance <id>) terminated.');
  });

  it('uses the cause within the class when the classifier names one, and different causes never share', () => {
    const throttled = alertFingerprint({
      ...base,
      cause: 'registry-throttled',
      reason: 'toomanyrequests: 1',
    });
    const throttledAgain = alertFingerprint({
      ...base,
      cause: 'registry-throttled',
      reason: 'other wording',
    });
    const missing = alertFingerprint({ ...base, cause: 'image-not-found', reason: 'toomanyrequests: 1' });

    expect(throttled).toBe(throttledAgain);
    expect(throttled).toBe('GAVE_UP|middleware|prod-spot|etl|cause:registry-throttled');
    expect(missing).not.toBe(throttled);
  });

  it('tells kinds, classes, queues and job definitions apart', () => {
    const fingerprints = new Set([
      alertFingerprint({ ...base, cause: 'x' }),
      alertFingerprint({ ...base, kind: 'RETRYING', cause: 'x' }),
      alertFingerprint({ ...base, failureClass: 'infrastructure', cause: 'x' }),
      alertFingerprint({ ...base, jobQueue: 'prod-ondemand', cause: 'x' }),
      alertFingerprint({ ...base, jobDefinition: 'report:1', cause: 'x' }),
    ]);

    expect(fingerprints.size).toBe(5);
  });
});
