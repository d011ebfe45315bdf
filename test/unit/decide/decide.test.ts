import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import type { Decision } from '#core/decide/decide.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { classified, decideOn, lineageWith } from './decide-fixtures.js';

const SPOT_QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue';
const ON_DEMAND = 'arn:aws:batch:us-east-1:123456789012:job-queue/on-demand-queue';

type Retry = Extract<Decision, { action: 'RETRY' }>;
type Exit = Extract<Decision, { action: 'EXIT' }>;

function asRetry(decision: Decision): Retry {
  if (decision.action !== 'RETRY') throw new Error(`expected RETRY, got ${JSON.stringify(decision)}`);
  return decision;
}

function asExit(decision: Decision): Exit {
  if (decision.action !== 'EXIT') throw new Error(`expected EXIT, got ${JSON.stringify(decision)}`);
  return decision;
}

const retrying = (document: Parameters<typeof loadedPolicy>[0] = {}) =>
  loadedPolicy({ defaultAction: 'RETRY', ...document });

describe('decide: what is not a new failure', () => {
  it('ignores a job that succeeded', () => {
    const decision = decideOn(classified('succeeded'));

    expect(decision).toMatchObject({ action: 'IGNORE', reason: 'status SUCCEEDED is not a failure' });
  });

  it('ignores a job that is runnable again after a natively retried attempt', () => {
    expect(decideOn(classified('runnable-after-failed-attempt')).action).toBe('IGNORE');
  });

  it('ignores an array parent, whose failure is derived from its failed child', () => {
    const decision = decideOn(classified('array-parent-failed'));

    expect(decision.action).toBe('IGNORE');
    expect(decision).toHaveProperty('reason', expect.stringContaining('array parent'));
  });

  it('ignores a non-main node of a multi-node job, which follows the main node', () => {
    const decision = decideOn(classified('multi-node-non-main-node'));

    expect(decision.action).toBe('IGNORE');
    expect(decision).toHaveProperty('reason', expect.stringContaining('non-main node'));
  });

  it('ignores a failure of a lineage that is already closed', () => {
    const lineage = lineageWith({ counts: { application: 1 }, status: 'GAVE_UP' });

    const decision = decideOn(classified('application-exit-1'), { lineage });

    expect(decision).toMatchObject({
      action: 'IGNORE',
      reason: 'lineage root-job is already closed as GAVE_UP',
    });
  });
});

describe('decide: rules and budgets', () => {
  it('exits on a matching EXIT rule even with budget to spare, naming the rule', () => {
    const policy = retrying({ rules: [{ onExitCode: '1', action: 'EXIT' }], budgets: { total: 10 } });

    const decision = asExit(decideOn(classified('application-exit-1'), { policy }));

    expect(decision.reason).toMatch(/^rules\[0\] \(onExitCode "1"\) matched: EXIT$/);
    expect(decision.budget).toEqual({ totalUsed: 1, totalLimit: 10, classUsed: 1 });
  });

  it('lets an EXIT rule win over an exhausted budget, so the reason is the rule', () => {
    const policy = retrying({ rules: [{ onClass: 'application', action: 'EXIT' }], budgets: { total: 2 } });
    const lineage = lineageWith({ counts: { application: 1 } });

    const decision = asExit(decideOn(classified('application-exit-1'), { policy, lineage }));

    expect(decision.reason).toContain('rules[0]');
  });

  it('retries while the total budget lasts and exits once it is used, naming the numbers', () => {
    const policy = retrying({ budgets: { total: 3 } });

    const second = decideOn(classified('application-exit-1'), {
      policy,
      lineage: lineageWith({ counts: { application: 1 } }),
    });
    const third = asExit(
      decideOn(classified('application-exit-1'), {
        policy,
        lineage: lineageWith({ counts: { application: 2 } }),
      }),
    );

    expect(asRetry(second).budget).toEqual({ totalUsed: 2, totalLimit: 3, classUsed: 2 });
    expect(third.reason).toBe('the lineage has used 3 of its 3 attempts (budgets.total)');
  });

  it('exits when the class budget is used up although the total has room', () => {
    const policy = retrying({ budgets: { total: 10, perClass: { application: 1 } } });
    const lineage = lineageWith({ counts: { application: 1 } });

    const decision = asExit(decideOn(classified('application-exit-1'), { policy, lineage }));

    expect(decision.reason).toBe(
      '2 application failures exceed the 1 retries of budgets.perClass.application',
    );
    expect(decision.budget).toEqual({ totalUsed: 2, totalLimit: 10, classUsed: 2, classLimit: 1 });
  });

  it('retries an application failure after infrastructure failures used their own budget', () => {
    const policy = retrying({ budgets: { total: 10, perClass: { infrastructure: 3, application: 1 } } });
    const lineage = lineageWith({ counts: { infrastructure: 3 } });

    const decision = asRetry(decideOn(classified('application-exit-1'), { policy, lineage }));

    expect(decision.budget).toEqual({ totalUsed: 4, totalLimit: 10, classUsed: 1, classLimit: 1 });
    expect(decision.explanation).toContain('budget: 4/10 attempts, 1/1 application retries');
  });

  it('exits on the infrastructure failure that goes past the infrastructure budget', () => {
    const policy = retrying({ budgets: { total: 10, perClass: { infrastructure: 3, application: 1 } } });
    const lineage = lineageWith({ counts: { infrastructure: 3 } });

    const decision = asExit(decideOn(classified('ec2-spot-host-terminated'), { policy, lineage }));

    expect(decision.reason).toBe(
      '4 infrastructure failures exceed the 3 retries of budgets.perClass.infrastructure',
    );
  });

  it('counts every native attempt of the failed job, each under its own class', () => {
    const decision = asRetry(decideOn(classified('native-attempts-mixed-causes'), { policy: retrying() }));

    expect(decision.attemptsCounted).toBe(2);
    expect(decision.countsDelta).toEqual({ infrastructure: 1, application: 1 });
    expect(decision.budget).toMatchObject({ totalUsed: 2, classUsed: 1 });
    expect(decision.childAttempt).toBe(3);
  });

  it('exits when native attempts alone used the total budget', () => {
    const policy = retrying({ budgets: { total: 2 } });

    const decision = asExit(decideOn(classified('native-attempts-mixed-causes'), { policy }));

    expect(decision.reason).toBe('the lineage has used 2 of its 2 attempts (budgets.total)');
  });

  it('exits when the retry would come after the lineage age limit', () => {
    const policy = retrying({
      budgets: { maxLineageAgeSeconds: 3600 },
      backoff: { strategy: 'fixed', baseSeconds: 120, jitter: 'none' },
    });
    const lineage = lineageWith({ counts: { application: 1 }, ageSeconds: 3500 });

    const decision = asExit(decideOn(classified('application-exit-1'), { policy, lineage }));

    expect(decision.reason).toBe('the lineage would be 3620 s old at the retry, over its limit of 3600 s');
  });
});

describe('decide: where and how the child runs', () => {
  const ladder = { infrastructure: { ladder: [{ afterFailures: 2, jobQueue: ON_DEMAND }] } };

  it('keeps the queue until the fallback ladder step is reached, then moves it', () => {
    const policy = retrying({ budgets: { total: 5 }, fallback: ladder });

    const first = asRetry(decideOn(classified('ec2-spot-host-terminated'), { policy }));
    const second = asRetry(
      decideOn(classified('ec2-spot-host-terminated'), {
        policy,
        lineage: lineageWith({ counts: { infrastructure: 1 } }),
      }),
    );

    expect(first.jobQueue).toBe(SPOT_QUEUE);
    expect(second.jobQueue).toBe(ON_DEMAND);
    expect(second.explanation).toContain(`fallback ladder moves the job to ${ON_DEMAND}`);
  });

  it('never moves the queue for a failure that is not infrastructure', () => {
    const policy = retrying({ budgets: { total: 5 }, fallback: ladder });
    const lineage = lineageWith({ counts: { infrastructure: 3 } });

    const decision = asRetry(decideOn(classified('application-exit-1'), { policy, lineage }));

    expect(decision.jobQueue).toBe(SPOT_QUEUE);
  });

  it('multiplies memory by the factor after an out-of-memory failure', () => {
    const policy = retrying({ escalate: { memoryFactor: 1.5, maxMemoryMiB: 65_536 } });

    const decision = asRetry(decideOn(classified('ec2-out-of-memory-137'), { policy }));

    expect(decision.resources).toEqual({ memoryMiB: 12_288, vcpus: 2 });
  });

  it('holds escalated memory at maxMemoryMiB', () => {
    const policy = retrying({ escalate: { memoryFactor: 4, maxMemoryMiB: 20_000 } });

    const decision = asRetry(decideOn(classified('ec2-out-of-memory-137'), { policy }));

    expect(decision.resources?.memoryMiB).toBe(20_000);
  });

  it('exits when memory is already at the escalation ceiling', () => {
    const policy = retrying({ escalate: { maxMemoryMiB: 8192 } });

    const decision = asExit(decideOn(classified('ec2-out-of-memory-137'), { policy }));

    expect(decision.reason).toBe('memory is already at the escalation ceiling (8192 MiB of 8192 MiB)');
  });

  it('never lowers memory that is above the ceiling while vCPUs still grow', () => {
    const policy = retrying({ escalate: { maxMemoryMiB: 4096, vcpuFactor: 2, maxVcpus: 8 } });

    const decision = asRetry(decideOn(classified('ec2-out-of-memory-137'), { policy }));

    expect(decision.resources).toEqual({ memoryMiB: 8192, vcpus: 4 });
  });

  it('never lowers vCPUs that are above maxVcpus while memory grows', () => {
    const policy = retrying({ escalate: { maxMemoryMiB: 16_384, vcpuFactor: 2, maxVcpus: 1 } });

    const decision = asRetry(decideOn(classified('ec2-out-of-memory-137'), { policy }));

    expect(decision.resources).toEqual({ memoryMiB: 16_384, vcpus: 2 });
  });

  it('exits for an array child when arrayChildren is alert-only (the default)', () => {
    const decision = asExit(decideOn(classified('array-child-failed'), { policy: retrying() }));

    expect(decision.reason).toBe(
      'array child e1461b2b-54fe-4be0-b600-a8a04d19e245:7 cannot be rerun under its own index; ' +
        'arrayChildren.mode is alert-only',
    );
  });

  it('retries an array child when arrayChildren is resubmit-as-single', () => {
    const policy = retrying({ arrayChildren: { mode: 'resubmit-as-single' } });

    expect(decideOn(classified('array-child-failed'), { policy }).action).toBe('RETRY');
  });

  it('numbers the child after the root job (1) and every earlier resubmission', () => {
    const policy = retrying({ budgets: { total: 10 } });

    const first = asRetry(decideOn(classified('application-exit-1'), { policy }));
    const fourth = asRetry(
      decideOn(classified('application-exit-1'), {
        policy,
        lineage: lineageWith({ counts: { infrastructure: 2, application: 1 } }),
      }),
    );

    expect(first.childAttempt).toBe(2);
    expect(fourth.childAttempt).toBe(5);
  });

  it('uses the class backoff with the class failure number and explains the delay', () => {
    const policy = retrying({
      budgets: { total: 10 },
      backoff: { jitter: 'none', perClass: { infrastructure: { baseSeconds: 10, factor: 3 } } },
    });
    const lineage = lineageWith({ counts: { infrastructure: 2, application: 4 } });

    const decision = asRetry(
      decideOn(classified('ec2-spot-host-terminated'), { policy, lineage, random: new SeededRandom(9) }),
    );

    expect(decision.delaySeconds).toBe(90);
    expect(decision.explanation.at(-1)).toBe('retry in 90 s');
  });
});
