import { describe, expect, it } from 'vitest';
import { applicationExit } from '#core/classify/rules/application-exit.js';
import { neverRan, ruleInput } from '../rule-input.js';

describe('applicationExit', () => {
  it.each([1, 2, 126, 137, 143, 255])('gives application for exit code %i', (exitCode) => {
    expect(applicationExit.evaluate(ruleInput({ exitCode }))).toEqual({
      kind: 'match',
      class: 'application',
      evidence: {
        attempt: 0,
        field: 'container.exitCode',
        pattern: 'non-zero exit code without a platform reason',
        text: String(exitCode),
        cause: 'exit-code',
        transient: false,
      },
    });
  });

  it('takes the first non-zero exit code of a multi-container attempt without a decisive one', () => {
    const containers = [
      { name: 'log-router', exitCode: 0, decisive: false },
      { name: 'app', exitCode: 2, decisive: true },
    ];
    expect(applicationExit.evaluate(ruleInput({ containers }))).toMatchObject({ evidence: { text: '2' } });
  });

  it('does not match exit code 0', () => {
    expect(applicationExit.evaluate(ruleInput({ exitCode: 0 }))).toEqual({ kind: 'no-match' });
  });

  it('does not apply without an exit code or to a job that never ran', () => {
    expect(applicationExit.evaluate(ruleInput({}))).toEqual({ kind: 'not-applicable' });
    expect(applicationExit.evaluate(neverRan('Dependent Job failed'))).toEqual({ kind: 'not-applicable' });
  });
});
