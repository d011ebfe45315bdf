import { describe, expect, it } from 'vitest';
import { queueTimeLimit } from '#core/classify/rules/queue-time-limit.js';
import { neverRan } from '../rule-input.js';

describe('queueTimeLimit', () => {
  it.each([
    [
      'Canceled by JobStateTimeLimit action due to reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY',
      'infrastructure',
    ],
    [
      'Terminated by JobStateTimeLimit action due to reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY',
      'infrastructure',
    ],
    [
      'Canceled by JobStateTimeLimit action due to reason: MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT',
      'resource',
    ],
    [
      'Canceled by JobStateTimeLimit action due to reason: MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE',
      'resource',
    ],
    [
      'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.',
      'resource',
    ],
    [
      'Job cancelled due to job queue state time limit: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY',
      'infrastructure',
    ],
    // Batch user guide, service jobs stuck in RUNNABLE: the job needs more than its quota share allows.
    [
      'Terminated by JobStateTimeLimit action due to reason: MISCONFIGURATION:QUOTA_MANAGEMENT_LIMIT_EXCEEDED',
      'resource',
    ],
    [
      'MISCONFIGURATION:SERVICE_ENVIRONMENT_MAX_RESOURCE - Service environment(s) associated with the job queue cannot meet the capacity requirement of the job.',
      'resource',
    ],
    // Any other queue-side code is the queue's, not the job's.
    [
      'Canceled by JobStateTimeLimit action due to reason: MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS',
      'infrastructure',
    ],
  ])('classifies "%s" as %s', (reason, cls) => {
    expect(queueTimeLimit.evaluate(neverRan(reason))).toMatchObject({
      kind: 'match',
      class: cls,
      evidence: { field: 'job.statusReason', text: reason },
    });
  });

  it('does not match a dependency failure', () => {
    expect(queueTimeLimit.evaluate(neverRan('Dependent Job failed'))).toEqual({ kind: 'no-match' });
  });

  it('ignores an operator reason that names the queue setting without AWS wording', () => {
    expect(queueTimeLimit.evaluate(neverRan('Cancelled: JobStateTimeLimit too short, resubmitting'))).toEqual(
      {
        kind: 'not-applicable',
      },
    );
  });

  it('ignores an operator reason that only mentions capacity words', () => {
    expect(
      queueTimeLimit.evaluate(neverRan('stuck waiting for CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY')),
    ).toEqual({
      kind: 'not-applicable',
    });
  });
});
