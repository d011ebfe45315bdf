import { describe, expect, it } from 'vitest';
import type { NormalisedJob } from '#core/events/types.js';
import { policySchema } from '#core/policy/schema.js';
import { type LoadedPolicy, selectPolicy } from '#core/policy/select.js';

const QUEUE = 'arn:aws:batch:eu-west-1:123456789012:job-queue/prod-spot';
const DEFINITION = 'arn:aws:batch:eu-west-1:123456789012:job-definition/etl-orders:7';

function job(over: Partial<NormalisedJob> = {}): NormalisedJob {
  return {
    jobId: '4b1f2d1e-0000-4000-8000-000000000001',
    jobName: 'nightly-etl-orders',
    status: 'FAILED',
    jobQueue: QUEUE,
    jobDefinition: DEFINITION,
    platform: 'EC2',
    tags: { team: 'data', env: 'production' },
    attempts: [],
    detail: {} as NormalisedJob['detail'],
    ...over,
  };
}

function loaded(name: string, match: Record<string, unknown> = {}): LoadedPolicy {
  return { name, version: 1, policy: policySchema().parse({ schemaVersion: 1, name, match }) };
}

describe('selectPolicy', () => {
  const byQueue = loaded('by-queue', { queues: ['prod-spot'] });
  const byQueueAndDefinition = loaded('by-queue-and-definition', {
    queues: [QUEUE],
    jobDefinitions: ['etl-*'],
  });
  const fallback = loaded('default');

  it('prefers the policy named by the batch-retry:policy tag over any match', () => {
    const tagged = loaded('tagged-only');

    const chosen = selectPolicy(job({ tags: { 'batch-retry:policy': 'tagged-only' } }), [
      byQueueAndDefinition,
      tagged,
    ]);

    expect(chosen?.policy.name).toBe('tagged-only');
    expect(chosen?.why).toBe('the job is tagged batch-retry:policy=tagged-only');
  });

  it('falls through, and says so, when the tag names a policy that is not loaded', () => {
    const chosen = selectPolicy(job({ tags: { 'batch-retry:policy': 'gone' } }), [byQueue, fallback]);

    expect(chosen?.policy.name).toBe('by-queue');
    expect(chosen?.why).toContain('no policy of that name is loaded');
  });

  it('chooses the match with more matched criteria', () => {
    const chosen = selectPolicy(job(), [byQueue, byQueueAndDefinition, fallback]);

    expect(chosen?.policy.name).toBe('by-queue-and-definition');
    expect(chosen?.why).toContain('more specific than by-queue');
  });

  it('prefers an exact pattern to a wildcard one when they match as many criteria', () => {
    const wildcard = loaded('wildcard', { jobNames: ['nightly-*'] });
    const exact = loaded('exact', { jobNames: ['nightly-etl-orders'] });

    expect(selectPolicy(job(), [wildcard, exact])?.policy.name).toBe('exact');
  });

  it('prefers the longer literal pattern among wildcards', () => {
    const short = loaded('short', { jobNames: ['n*'] });
    const long = loaded('long', { jobNames: ['nightly-etl-*'] });

    expect(selectPolicy(job(), [short, long])?.policy.name).toBe('long');
  });

  it('counts every matched tag as a criterion', () => {
    const oneTag = loaded('one-tag', { tags: { team: 'data' } });
    const twoTags = loaded('two-tags', { tags: { team: 'data', env: 'prod*' } });

    expect(selectPolicy(job(), [oneTag, twoTags])?.policy.name).toBe('two-tags');
  });

  it('breaks a full tie by name so the choice never depends on load order', () => {
    const b = loaded('b', { queues: ['prod-spot'] });
    const a = loaded('a', { queues: ['prod-spot'] });

    expect(selectPolicy(job(), [b, a])?.policy.name).toBe('a');
  });

  it('requires every criterion of a match to fit', () => {
    const wrongDefinition = loaded('wrong', { queues: ['prod-spot'], jobDefinitions: ['ml-*'] });

    expect(selectPolicy(job(), [wrongDefinition, fallback])?.policy.name).toBe('default');
  });

  it('matches job definitions by name, name:revision or ARN', () => {
    for (const pattern of [
      'etl-orders',
      'etl-orders:7',
      DEFINITION,
      'arn:aws:batch:*:job-definition/etl-*',
    ]) {
      expect(selectPolicy(job(), [loaded('p', { jobDefinitions: [pattern] })])?.policy.name).toBe('p');
    }
    expect(selectPolicy(job(), [loaded('p', { jobDefinitions: ['etl-orders:6'] })])).toBeUndefined();
  });

  it('never selects a policy without match criteria except by tag or as default', () => {
    expect(selectPolicy(job(), [loaded('tag-only')])).toBeUndefined();
  });

  it('uses the policy named default when nothing matches', () => {
    const chosen = selectPolicy(job({ jobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/other' }), [
      byQueue,
      fallback,
    ]);

    expect(chosen?.policy.name).toBe('default');
    expect(chosen?.why).toContain('the policy named default applies');
  });

  it('leaves the job unmanaged when nothing matches and there is no default', () => {
    expect(
      selectPolicy(job({ jobName: 'other' }), [loaded('x', { jobNames: ['nightly-*'] })]),
    ).toBeUndefined();
  });
});
