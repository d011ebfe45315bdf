import { describe, expect, it } from 'vitest';
import { buildSubmitRequest } from '#core/submit/build-request.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { LINEAGE } from './submit-test-helpers.js';

const SPOT_QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue';
const ON_DEMAND = 'arn:aws:batch:us-east-1:123456789012:job-queue/on-demand-queue';

/** A Spot-reclaimed job that ran on a fair-share queue, with the given fair-share fields. */
const fairShareJob = (fields: Record<string, unknown>) =>
  jobFromFixture('ec2-spot-host-terminated', (detail) => {
    Object.assign(detail, fields);
  });

describe('buildSubmitRequest: fair-share fields when the fallback ladder moves the queue', () => {
  it('keeps shareIdentifier and the scheduling priority on the same queue', () => {
    const job = fairShareJob({ shareIdentifier: 'teamA', schedulingPriority: 40 });

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE, jobQueue: SPOT_QUEUE });

    expect(request).toMatchObject({
      jobQueue: SPOT_QUEUE,
      shareIdentifier: 'teamA',
      schedulingPriorityOverride: 40,
    });
    expect(notes.join('\n')).not.toContain('fair share');
  });

  it('drops both on another queue, where the old queue’s fair-share policy does not apply', () => {
    const job = fairShareJob({ shareIdentifier: 'teamA', schedulingPriority: 40 });

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE, jobQueue: ON_DEMAND });

    expect(request.jobQueue).toBe(ON_DEMAND);
    expect(request).not.toHaveProperty('shareIdentifier');
    expect(request).not.toHaveProperty('schedulingPriorityOverride');
    expect(notes).toContain(
      `fair share: dropped shareIdentifier "teamA" and schedulingPriorityOverride 40, set for ${SPOT_QUEUE}; ` +
        `the job definition's defaults apply on ${ON_DEMAND} (SubmitJob refuses a shareIdentifier on a queue ` +
        'without a fair-share scheduling policy and requires one on a queue with one)',
    );
  });

  it('names only the field the job had', () => {
    const job = fairShareJob({ schedulingPriority: 7 });

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE, jobQueue: ON_DEMAND });

    expect(request).not.toHaveProperty('schedulingPriorityOverride');
    expect(notes.find((n) => n.startsWith('fair share:'))).toMatch(
      /^fair share: dropped schedulingPriorityOverride 7, set for /,
    );
  });

  it('adds no fair-share note when a job without fair-share fields moves', () => {
    const job = fairShareJob({});

    const { notes } = buildSubmitRequest(job, { lineage: LINEAGE, jobQueue: ON_DEMAND });

    expect(notes.some((n) => n.startsWith('fair share:'))).toBe(false);
  });
});
