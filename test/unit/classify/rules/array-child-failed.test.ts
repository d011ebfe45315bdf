import { describe, expect, it } from 'vitest';
import { arrayChildFailed } from '#core/classify/rules/array-child-failed.js';
import { neverRan, ruleInput } from '../rule-input.js';

describe('arrayChildFailed', () => {
  it('gives dependency to an array parent that failed because a child failed', () => {
    const result = arrayChildFailed.evaluate(neverRan('Array Child Job failed', { isArrayParent: true }));
    expect(result).toEqual({
      kind: 'match',
      class: 'dependency',
      evidence: {
        field: 'job.statusReason',
        pattern: 'Array Child Job failed*',
        text: 'Array Child Job failed',
        cause: 'dependency-failed',
        transient: false,
      },
    });
  });

  it('gives dependency to an array parent that failed without any reason', () => {
    const result = arrayChildFailed.evaluate(neverRan(undefined, { isArrayParent: true }));
    expect(result).toMatchObject({
      kind: 'match',
      class: 'dependency',
      evidence: { field: 'job.arrayProperties' },
    });
  });

  it('does not match an array parent cancelled by an operator', () => {
    const result = arrayChildFailed.evaluate(
      neverRan('cancelled by release tooling', { isArrayParent: true }),
    );
    expect(result).toEqual({ kind: 'no-match' });
  });

  it('does not apply to a job that ran', () => {
    const input = ruleInput({ exitCode: 1 }, { statusReason: 'Array Child Job failed' });
    expect(arrayChildFailed.evaluate(input)).toEqual({ kind: 'not-applicable' });
  });
});
