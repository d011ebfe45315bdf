import { describe, expect, it } from 'vitest';
import { crossFieldProblems } from '#core/policy/cross-field-problems.js';
import { minimal, problemsOf } from './policy-problems.js';

const BAD_EXIT_CODE =
  'can never match an exit code: it has "x" at position 2; AWS Batch allows only digits (and a final "*")';
const OVER_TOTAL =
  'allows 5 retries but budgets.total (3) leaves room for only 2; raise budgets.total to at least 6';

/** A bad jitter, a per-class budget over the total and a bad exit code under batchCompatible. */
const MANY_PROBLEMS = {
  ...minimal,
  batchCompatible: true,
  backoff: { jitter: 'sometimes' },
  budgets: { total: 3, perClass: { infrastructure: 5 } },
  rules: [{ onExitCode: '1x', action: 'RETRY' }],
};

describe('policy problems across fields', () => {
  it('lists the field-level and the cross-field problems of one document together, each once', () => {
    const problems = problemsOf(structuredClone(MANY_PROBLEMS));

    expect(problems).toEqual([
      {
        path: 'backoff.jitter',
        message: 'must be one of "none", "full", "equal" (got "sometimes")',
      },
      { path: 'budgets.perClass.infrastructure', message: OVER_TOTAL },
      { path: 'rules[0].onExitCode', message: BAD_EXIT_CODE },
    ]);
  });

  it('reports an exit code pattern that can never match once when batchCompatible is true', () => {
    const problems = problemsOf({
      ...minimal,
      batchCompatible: true,
      rules: [{ onExitCode: '1x', action: 'RETRY' }],
    });

    expect(problems).toEqual([{ path: 'rules[0].onExitCode', message: BAD_EXIT_CODE }]);
  });

  it('checks the Batch limits of reason patterns while another field is broken', () => {
    const problems = problemsOf({
      ...minimal,
      batchCompatible: true,
      breaker: { enabled: 'yes' },
      rules: [
        { onReason: 'pull-access*', action: 'EXIT' },
        { onClass: 'resource', action: 'EXIT' },
      ],
    });

    expect(problems.map((p) => p.path)).toEqual(['breaker.enabled', 'rules[0].onReason', 'rules[1].onClass']);
  });

  it('compares a backoff base with its cap while another field is broken', () => {
    const problems = problemsOf({
      ...minimal,
      schemaVersion: 2,
      backoff: { baseSeconds: 600, capSeconds: 60, perClass: { resource: { capSeconds: 10 } } },
    });

    expect(problems).toEqual([
      { path: 'schemaVersion', message: 'must be 1 (the only policy format there is) (got 2)' },
      { path: 'backoff.baseSeconds', message: 'is above backoff.capSeconds (60)' },
      { path: 'backoff.perClass.resource.baseSeconds', message: '600 is above the cap for resource (10)' },
    ]);
  });

  it('leaves out a cross-field check whose fields are themselves invalid', () => {
    const problems = problemsOf({ ...minimal, budgets: { total: 0, perClass: { application: 2 } } });

    expect(problems).toEqual([
      { path: 'budgets.total', message: 'must be at least 1 (the first attempt) (got 0)' },
    ]);
  });

  it('finds nothing to check in a document that is not an object or holds fields of the wrong type', () => {
    expect(crossFieldProblems(null)).toEqual([]);
    expect(crossFieldProblems([1, 2])).toEqual([]);
    expect(
      crossFieldProblems({ batchCompatible: true, rules: 'all', budgets: [], backoff: { perClass: 7 } }),
    ).toEqual([]);
  });
});
