import { describe, expect, it } from 'vitest';
import { HARD_LIMITS } from '#core/policy/limits.js';
import { parsePolicyDocument } from '#core/policy/parse-document.js';
import { policySchema } from '#core/policy/schema.js';
import { minimal, problemsOf } from './policy-problems.js';

describe('policySchema', () => {
  it('fills every default into a minimal policy', () => {
    const policy = policySchema().parse(minimal);

    expect(policy).toEqual({
      schemaVersion: 1,
      name: 'p',
      match: {},
      batchCompatible: false,
      rules: [],
      defaultAction: 'EXIT',
      budgets: { total: 3, perClass: {}, maxLineageAgeSeconds: 604_800 },
      backoff: {
        strategy: 'exponential',
        baseSeconds: 30,
        factor: 2,
        capSeconds: 3600,
        jitter: 'full',
        perClass: {},
      },
      arrayChildren: { mode: 'alert-only' },
      alerts: { on: ['GAVE_UP', 'BREAKER_OPEN'], byClass: {}, channels: ['sns'], aggregateSeconds: 300 },
      breaker: { enabled: true, threshold: 20, windowSeconds: 300, cooldownSeconds: 900 },
    });
  });

  it('converts a pasted native retryStrategy into Batch-compatible rules and a total budget', () => {
    const policy = policySchema().parse({
      ...minimal,
      retryStrategy: { attempts: 4, evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'retry' }] },
    });

    expect(policy.batchCompatible).toBe(true);
    expect(policy.defaultAction).toBe('RETRY');
    expect(policy.budgets.total).toBe(4);
    expect(policy.rules).toEqual([{ onStatusReason: 'Host EC2*', regex: false, action: 'RETRY' }]);
    expect(policy).not.toHaveProperty('retryStrategy');
  });

  it('gives a native retryStrategy without attempts one attempt, as AWS Batch does', () => {
    const policy = policySchema().parse({
      ...minimal,
      retryStrategy: { evaluateOnExit: [{ onExitCode: '1', action: 'EXIT' }] },
    });

    expect(policy.budgets.total).toBe(1);
  });

  it('resolves the default action of a batchCompatible policy to RETRY', () => {
    const policy = policySchema().parse({
      ...minimal,
      batchCompatible: true,
      rules: [{ onExitCode: '3', action: 'EXIT' }],
    });

    expect(policy.defaultAction).toBe('RETRY');
  });

  it('keeps the $schema pointer out of the parsed policy', () => {
    expect(policySchema().parse({ ...minimal, $schema: './policy.schema.json' })).not.toHaveProperty(
      '$schema',
    );
  });
});

describe('policy rejection', () => {
  it.each([
    ['schemaVersion', { schemaVersion: 2 }, 'schemaVersion', 'must be 1'],
    ['a missing name', { name: undefined }, 'name', 'is required'],
    ['a name with a slash', { name: 'a/b' }, 'name', 'letters, digits'],
    ['an unknown top-level field', { retries: 3 }, 'retries', 'is not a known field'],
    [
      'a misspelt rule field',
      { rules: [{ onExitcode: '1', action: 'RETRY' }] },
      'rules[0].onExitcode',
      'not a known field',
    ],
    ['a rule without condition', { rules: [{ action: 'RETRY' }] }, 'rules[0]', 'has no condition'],
    ['a rule without action', { rules: [{ onExitCode: '1' }] }, 'rules[0].action', 'is required'],
    [
      'an unknown action',
      { rules: [{ onExitCode: '1', action: 'MAYBE' }] },
      'rules[0].action',
      'must be one of',
    ],
    ['an unknown class', { rules: [{ onClass: 'spot', action: 'RETRY' }] }, 'rules[0].onClass', ''],
    ['an unknown cause', { rules: [{ onCause: 'registry-slow', action: 'RETRY' }] }, 'rules[0].onCause', ''],
    [
      'an exit code with letters',
      { rules: [{ onExitCode: '1x', action: 'RETRY' }] },
      'rules[0].onExitCode',
      'has "x" at position 2',
    ],
    [
      'a broken regex',
      { rules: [{ onReason: '(', regex: true, action: 'RETRY' }] },
      'rules[0].onReason',
      'is not a regular expression batch-retry can run in linear time (RE2 syntax)',
    ],
    [
      'a regex with a backreference, which needs backtracking',
      { rules: [{ onReason: '(a+)\\1', regex: true, action: 'RETRY' }] },
      'rules[0].onReason',
      'Lookarounds and backreferences are not supported',
    ],
    [
      'a pattern over 512 characters',
      { rules: [{ onReason: 'a'.repeat(513), action: 'EXIT' }] },
      'rules[0].onReason',
      '512',
    ],
    ['an empty queue list', { match: { queues: [] } }, 'match.queues', 'empty list'],
    ['an unknown match field', { match: { queue: ['q'] } }, 'match.queue', 'not a known field'],
    ['a total over the hard limit', { budgets: { total: 51 } }, 'budgets.total', 'hard limit of 50 attempts'],
    ['a total of 0', { budgets: { total: 0 } }, 'budgets.total', 'at least 1'],
    [
      'an unknown budget class',
      { budgets: { perClass: { spot: 1 } } },
      'budgets.perClass.spot',
      'not a failure class',
    ],
    [
      'a class budget above total',
      { budgets: { total: 3, perClass: { infrastructure: 5 } } },
      'budgets.perClass.infrastructure',
      'raise budgets.total to at least 6',
    ],
    [
      'a lineage age over 14 days',
      { budgets: { maxLineageAgeSeconds: 15 * 86_400 } },
      'budgets.maxLineageAgeSeconds',
      '14 days',
    ],
    [
      'an unknown backoff strategy',
      { backoff: { strategy: 'linear' } },
      'backoff.strategy',
      'must be one of',
    ],
    [
      'a cap over the hard limit',
      { backoff: { capSeconds: HARD_LIMITS.maxDelaySeconds + 1 } },
      'backoff.capSeconds',
      'hard limit',
    ],
    ['a negative base', { backoff: { baseSeconds: -1 } }, 'backoff.baseSeconds', 'must not be negative'],
    [
      'a base above the cap',
      { backoff: { baseSeconds: 100, capSeconds: 10 } },
      'backoff.baseSeconds',
      'above backoff.capSeconds',
    ],
    ['a factor below 1', { backoff: { factor: 0.5 } }, 'backoff.factor', 'at least 1'],
    ['an unknown jitter', { backoff: { jitter: 'half' } }, 'backoff.jitter', 'must be one of'],
    [
      'a class base above its cap',
      { backoff: { perClass: { resource: { baseSeconds: 7200 } } } },
      'backoff.perClass.resource.baseSeconds',
      'above the cap',
    ],
    [
      'escalation without a memory ceiling',
      { escalate: { memoryFactor: 2 } },
      'escalate.maxMemoryMiB',
      'is required',
    ],
    [
      'vCPU escalation without a ceiling',
      { escalate: { vcpuFactor: 2, maxMemoryMiB: 1024 } },
      'escalate.maxVcpus',
      'is required when vcpuFactor',
    ],
    [
      'a memory factor over 16',
      { escalate: { memoryFactor: 32, maxMemoryMiB: 1024 } },
      'escalate.memoryFactor',
      'at most 16',
    ],
    [
      'an unordered fallback ladder',
      {
        fallback: {
          infrastructure: {
            ladder: [
              { afterFailures: 3, jobQueue: 'a' },
              { afterFailures: 2, jobQueue: 'b' },
            ],
          },
        },
      },
      'fallback.infrastructure.ladder[1].afterFailures',
      'greater than the step before',
    ],
    [
      'an empty fallback ladder',
      { fallback: { infrastructure: { ladder: [] } } },
      'fallback.infrastructure.ladder',
      'is empty',
    ],
    ['an unknown array mode', { arrayChildren: { mode: 'rerun' } }, 'arrayChildren.mode', ''],
    [
      'a reserved index variable',
      { arrayChildren: { mode: 'resubmit-as-single', indexVariable: 'AWS_BATCH_JOB_ARRAY_INDEX' } },
      'arrayChildren.indexVariable',
      'AWS Batch reserves',
    ],
    [
      'an index variable with a dash',
      { arrayChildren: { mode: 'resubmit-as-single', indexVariable: 'MY-INDEX' } },
      'arrayChildren.indexVariable',
      'environment variable name',
    ],
    ['an unknown alert event', { alerts: { on: ['EXPLODED'] } }, 'alerts.on[0]', 'must be one of'],
    ['an unknown channel', { alerts: { channels: ['pager'] } }, 'alerts.channels[0]', 'must be one of'],
    ['a breaker threshold of 0', { breaker: { threshold: 0 } }, 'breaker.threshold', 'at least 1'],
    [
      'a breaker cooldown over 7 days',
      { breaker: { cooldownSeconds: 8 * 86_400 } },
      'breaker.cooldownSeconds',
      'hard limit',
    ],
    [
      'rules together with a retryStrategy',
      { rules: [], retryStrategy: { attempts: 2 } },
      'retryStrategy',
      'together with rules',
    ],
    [
      'retryStrategy attempts over 10',
      { retryStrategy: { attempts: 11 } },
      'retryStrategy.attempts',
      'AWS Batch allows 1 to 10',
    ],
    [
      'six native evaluateOnExit entries',
      { retryStrategy: { evaluateOnExit: Array(6).fill({ onExitCode: '1', action: 'EXIT' }) } },
      'retryStrategy.evaluateOnExit',
      'at most 5',
    ],
  ])('rejects %s at its JSON path', (_what, change, path, message) => {
    const problems = problemsOf({ ...minimal, ...change });

    const problem = problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem?.message).toContain(message);
  });

  it('quotes the offending value of a number out of range', () => {
    const [problem] = problemsOf({ ...minimal, budgets: { total: 80 } });

    expect(problem?.message).toMatch(/\(got 80\)$/);
  });

  it('reports a document that is not JSON at the document itself', () => {
    const result = parsePolicyDocument('{ "schemaVersion": 1, ', 'broken.json');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]?.path).toBe('');
    expect(!result.ok && result.problems[0]?.message).toMatch(/^is not valid JSON/);
  });

  it('makes a policy that retries without end impossible to write', () => {
    const problems = problemsOf({
      ...minimal,
      defaultAction: 'RETRY',
      budgets: { total: 1_000_000, maxLineageAgeSeconds: 10 ** 9 },
      backoff: { capSeconds: 10 ** 9 },
    });

    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['budgets.total', 'budgets.maxLineageAgeSeconds', 'backoff.capSeconds']),
    );
  });
});
