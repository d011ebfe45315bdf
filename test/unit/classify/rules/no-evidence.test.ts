import { describe, expect, it } from 'vitest';
import { noEvidence } from '#core/classify/rules/no-evidence.js';
import { neverRan, ruleInput } from '../rule-input.js';

describe('noEvidence', () => {
  it('gives unknown with the unrecognised reason as evidence', () => {
    expect(noEvidence.evaluate(ruleInput({ containerReason: 'SomethingNewError: never seen' }))).toEqual({
      kind: 'match',
      class: 'unknown',
      evidence: {
        attempt: 0,
        field: 'container.reason',
        pattern: 'no rule recognises this reason',
        text: 'SomethingNewError: never seen',
        cause: 'unrecognised',
        transient: false,
      },
    });
  });

  it('gives unknown for exit code 0 on a failed attempt', () => {
    expect(noEvidence.evaluate(ruleInput({ exitCode: 0 }))).toMatchObject({
      class: 'unknown',
      evidence: { field: 'container.exitCode', text: '0' },
    });
  });

  it('gives unknown with field none when there is nothing at all', () => {
    expect(noEvidence.evaluate(neverRan(undefined))).toEqual({
      kind: 'match',
      class: 'unknown',
      evidence: {
        field: 'none',
        pattern: 'no exit code and no reason',
        text: '',
        cause: 'unrecognised',
        transient: false,
      },
    });
  });
});
