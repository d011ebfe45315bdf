import { describe, expect, it } from 'vitest';
import { spotInterruption } from '#core/classify/rules/spot-interruption.js';
import { ruleInput } from '../rule-input.js';

describe('spotInterruption', () => {
  it.each(['Your Spot Task was interrupted.', 'SpotInterruption: Your Spot Task was interrupted.'])(
    'gives infrastructure for "%s"',
    (reason) => {
      const input = ruleInput({ statusReason: reason }, { statusReason: reason });
      expect(spotInterruption.evaluate(input)).toMatchObject({
        kind: 'match',
        class: 'infrastructure',
        evidence: { field: 'attempt.statusReason', text: reason },
      });
    },
  );

  it('does not match an ordinary exit', () => {
    const input = ruleInput({ statusReason: 'Essential container in task exited', exitCode: 1 });
    expect(spotInterruption.evaluate(input)).toEqual({ kind: 'no-match' });
  });
});
