import { describe, expect, it } from 'vitest';
import { dependentJobFailed } from '#core/classify/rules/dependent-job-failed.js';
import { neverRan } from '../rule-input.js';

describe('dependentJobFailed', () => {
  it.each(['Dependent Job failed', 'Dependent job failed'])('gives dependency for "%s"', (reason) => {
    expect(dependentJobFailed.evaluate(neverRan(reason))).toMatchObject({
      kind: 'match',
      class: 'dependency',
      evidence: { field: 'job.statusReason', text: reason },
    });
  });

  it('does not match another reason of a job that never ran', () => {
    expect(dependentJobFailed.evaluate(neverRan('Task failed to start'))).toEqual({ kind: 'no-match' });
  });

  it('does not apply to a job without any reason', () => {
    expect(dependentJobFailed.evaluate(neverRan(undefined))).toEqual({ kind: 'not-applicable' });
  });
});
