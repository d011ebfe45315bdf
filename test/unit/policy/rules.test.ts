import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAILURE_CLASSES } from '#core/classify/classes.js';
import { matchRule } from '#core/policy/rules.js';
import { policySchema } from '#core/policy/schema.js';

const policyWith = (document: Record<string, unknown>) =>
  policySchema().parse({ schemaVersion: 1, name: 'p', ...document });

describe('matchRule', () => {
  const policy = policyWith({
    rules: [
      { onReason: 'CannotPullContainerError*', action: 'EXIT' },
      { onClass: 'infrastructure', action: 'RETRY' },
      { onExitCode: '1', onStatusReason: 'Essential container in task exited', action: 'RETRY' },
      { onClass: ['resource', 'timeout'], action: 'RETRY' },
    ],
  });

  it('lets the first matching rule win', () => {
    const match = matchRule(policy, {
      containerReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
      failureClass: 'infrastructure',
    });

    expect(match).toMatchObject({ action: 'EXIT', ruleIndex: 0 });
    expect(match.explanation).toContain('rules[0]');
  });

  it('needs every condition of a rule to match', () => {
    const facts = {
      exitCode: 1,
      statusReason: 'Essential container in task exited',
      failureClass: 'application',
    } as const;

    expect(matchRule(policy, facts).ruleIndex).toBe(2);
    expect(matchRule(policy, { ...facts, exitCode: 2 }).ruleIndex).toBeUndefined();
  });

  it('matches a class listed among several', () => {
    expect(matchRule(policy, { failureClass: 'timeout' })).toMatchObject({ action: 'RETRY', ruleIndex: 3 });
  });

  it('matches a missing exit code only with a bare "*", as AWS Batch does', () => {
    const prefix = policyWith({ rules: [{ onExitCode: '1*', action: 'RETRY' }] });
    const anything = policyWith({ rules: [{ onExitCode: '*', action: 'RETRY' }] });

    expect(matchRule(prefix, { failureClass: 'unknown' }).ruleIndex).toBeUndefined();
    expect(matchRule(prefix, { exitCode: 137, failureClass: 'unknown' }).ruleIndex).toBe(0);
    expect(matchRule(anything, { failureClass: 'unknown' }).ruleIndex).toBe(0);
  });

  it('matches the cause within the class, alone or among several, and says so', () => {
    const byCause = policyWith({
      rules: [
        { onCause: ['registry-throttled', 'network-timeout'], action: 'RETRY' },
        { onClass: 'middleware', onCause: 'image-not-found', action: 'EXIT' },
      ],
      defaultAction: 'EXIT',
    });

    const throttled = matchRule(byCause, { failureClass: 'middleware', cause: 'registry-throttled' });
    expect(throttled).toMatchObject({ action: 'RETRY', ruleIndex: 0 });
    expect(throttled.explanation).toContain('onCause ["registry-throttled","network-timeout"]');
    expect(matchRule(byCause, { failureClass: 'middleware', cause: 'image-not-found' }).ruleIndex).toBe(1);
    expect(
      matchRule(byCause, { failureClass: 'middleware', cause: 'host-disk-full' }).ruleIndex,
    ).toBeUndefined();
  });

  it('never matches onCause when the cause is not known', () => {
    const byCause = policyWith({ rules: [{ onCause: 'spot-reclaim', action: 'RETRY' }] });

    expect(matchRule(byCause, { failureClass: 'infrastructure' }).ruleIndex).toBeUndefined();
  });

  it('falls back to defaultAction and says so', () => {
    const match = matchRule(policy, { exitCode: 3, failureClass: 'application' });

    expect(match).toEqual({
      action: 'EXIT',
      explanation: 'no rule of policy p matched (application failure); defaultAction: EXIT',
    });
  });

  it('retries an unmatched failure in batchCompatible mode, as AWS Batch does', () => {
    const compatible = policyWith({
      retryStrategy: { attempts: 3, evaluateOnExit: [{ onExitCode: '3', action: 'EXIT' }] },
    });

    const match = matchRule(compatible, { exitCode: 4, failureClass: 'application' });

    expect(match.action).toBe('RETRY');
    expect(match.explanation).toContain('AWS Batch retries when no evaluateOnExit condition matches');
  });

  it('treats patterns as literal text unless the rule opts into regex', () => {
    const literal = policyWith({ rules: [{ onReason: 'Out.*', action: 'RETRY' }] });
    const regex = policyWith({ rules: [{ onReason: '^Out[Oo]f[Mm]emory', regex: true, action: 'RETRY' }] });
    const facts = {
      containerReason: 'OutOfMemoryError: Container killed due to memory usage',
      failureClass: 'resource',
    } as const;

    expect(matchRule(literal, facts).ruleIndex).toBeUndefined();
    expect(matchRule(literal, { ...facts, containerReason: 'Out.* literally' }).ruleIndex).toBe(0);
    expect(matchRule(regex, facts).ruleIndex).toBe(0);
  });

  it('runs regex rules on the linear-time RE2 engine, where a backtracking pattern cannot stall a decision', () => {
    // `\z` is RE2's end of text; in JavaScript's engine it would be a literal "z".
    const rule = policyWith({ rules: [{ onReason: 'registry auth\\z', regex: true, action: 'RETRY' }] });
    const nested = policyWith({ rules: [{ onReason: '^(\\w+\\s?)+$', regex: true, action: 'RETRY' }] });
    const reason =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval ' +
      'failed: unable to retrieve secret from asm: service call has been retried 5 time(s)!';

    expect(
      matchRule(rule, { containerReason: 'unable to pull registry auth', failureClass: 'middleware' })
        .ruleIndex,
    ).toBe(0);
    expect(
      matchRule(nested, { containerReason: reason, failureClass: 'middleware' }).ruleIndex,
    ).toBeUndefined();
  });

  it('matches a prefix pattern exactly when the text starts with the prefix', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (prefix, text) => {
        const p = policyWith({ rules: [{ onReason: `${prefix}*`, action: 'RETRY' }] });
        const matched = matchRule(p, { containerReason: text, failureClass: 'unknown' }).ruleIndex === 0;
        return matched === text.startsWith(prefix);
      }),
    );
  });

  it('always answers RETRY or EXIT with an explanation, whatever the facts', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        fc.option(fc.string(), { nil: undefined }),
        fc.constantFrom(...FAILURE_CLASSES),
        (exitCode, reason, failureClass) => {
          const match = matchRule(policy, {
            ...(exitCode === undefined ? {} : { exitCode }),
            ...(reason === undefined ? {} : { containerReason: reason }),
            failureClass,
          });
          return (match.action === 'RETRY' || match.action === 'EXIT') && match.explanation.length > 0;
        },
      ),
    );
  });
});
