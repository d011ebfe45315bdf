import { describe, expect, it } from 'vitest';
import { policySchema } from '#core/policy/schema.js';
import { minimal, problemsOf } from './policy-problems.js';

describe('batchCompatible validation', () => {
  const compatible = (rules: unknown[], extra: Record<string, unknown> = {}) =>
    problemsOf({ ...minimal, batchCompatible: true, rules, ...extra });

  it('names the character and its position that AWS Batch would refuse', () => {
    const [problem] = compatible([{ onReason: 'CannotPullContainerError: pull-access', action: 'EXIT' }]);

    expect(problem).toEqual({
      path: 'rules[0].onReason',
      message:
        'has "-" at position 31; AWS Batch allows only letters, digits, ".", ":" and white space (and a final "*")',
    });
  });

  it('refuses a "*" anywhere but at the end', () => {
    const [problem] = compatible([{ onStatusReason: 'Host*terminated', action: 'RETRY' }]);

    expect(problem?.path).toBe('rules[0].onStatusReason');
    expect(problem?.message).toContain('"*" at position 5');
  });

  it('refuses more than 5 rules, onClass, onCause, regex and an EXIT default', () => {
    const rules = [
      { onClass: 'infrastructure', action: 'RETRY' },
      { onReason: 'x', regex: true, action: 'RETRY' },
      { onCause: 'spot-reclaim', action: 'RETRY' },
      ...Array(3).fill({ onExitCode: '1', action: 'EXIT' }),
    ];

    const paths = compatible(rules, { defaultAction: 'EXIT' }).map((p) => p.path);

    expect(paths).toEqual(
      expect.arrayContaining([
        'rules',
        'rules[0].onClass',
        'rules[1].regex',
        'rules[2].onCause',
        'defaultAction',
      ]),
    );
  });

  it('accepts the patterns AWS Batch accepts', () => {
    const result = policySchema().safeParse({
      ...minimal,
      batchCompatible: true,
      rules: [
        { onStatusReason: 'Host EC2*', action: 'RETRY' },
        { onReason: 'OutOfMemoryError: Container killed*', onExitCode: '137', action: 'EXIT' },
      ],
    });

    expect(result.success).toBe(true);
  });
});
