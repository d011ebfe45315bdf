import { describe, expect, it } from 'vitest';
import { attemptTimeout } from '#core/classify/rules/attempt-timeout.js';
import { ruleInput } from '../rule-input.js';

describe('attemptTimeout', () => {
  it.each([
    [
      'the attempt status reason',
      { statusReason: 'Job attempt duration exceeded timeout', exitCode: 137 },
      {},
    ],
    [
      'the job reason of the last attempt',
      { exitCode: 143 },
      { statusReason: 'Job attempt duration exceeded timeout' },
    ],
    ['an EKS container reason', { containerReason: 'DeadlineExceeded' }, {}],
    [
      'an EKS pod deadline message',
      { statusReason: 'Pod was active on the node longer than the specified deadline' },
      {},
    ],
  ])('gives timeout when %s says the attempt ran out of time', (_what, attempt, job) => {
    const result = attemptTimeout.evaluate(ruleInput(attempt, job));
    expect(result).toMatchObject({ kind: 'match', class: 'timeout', evidence: { attempt: 0 } });
  });

  it('does not match an attempt that exited on its own', () => {
    const input = ruleInput({ statusReason: 'Essential container in task exited', exitCode: 137 });
    expect(attemptTimeout.evaluate(input)).toEqual({ kind: 'no-match' });
  });

  it('does not apply to an attempt without any reason', () => {
    expect(attemptTimeout.evaluate(ruleInput({ exitCode: 1 }))).toEqual({ kind: 'not-applicable' });
  });
});
