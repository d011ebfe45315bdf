import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policySchema } from '#core/policy/schema.js';
import { run, tempFiles } from './policy-helpers.js';

describe('batch-retry policy import', () => {
  it('turns a native retryStrategy into a policy that behaves as AWS Batch would', async () => {
    const { native } = await tempFiles({
      native: {
        attempts: 5,
        evaluateOnExit: [
          { onStatusReason: 'Host EC2*', action: 'retry' },
          { onReason: '*', action: 'EXIT' },
        ],
      },
    });

    const { code, stdout } = await run(['policy', 'import', native as string, '--name', 'legacy']);

    expect(code).toBe(0);
    const policy = policySchema().parse(JSON.parse(stdout));
    expect(policy).toMatchObject({
      name: 'legacy',
      batchCompatible: true,
      defaultAction: 'RETRY',
      budgets: { total: 5 },
      backoff: { strategy: 'fixed', baseSeconds: 0, jitter: 'none' },
      breaker: { enabled: false },
    });
    expect(policy.rules).toEqual([
      { onStatusReason: 'Host EC2*', regex: false, action: 'RETRY' },
      { onReason: '*', regex: false, action: 'EXIT' },
    ]);
  });

  it('reads the retryStrategy out of a job definition, naming the policy after it and matching it', async () => {
    const { definition } = await tempFiles({
      definition: { jobDefinitionName: 'etl', revision: 3, retryStrategy: { attempts: 2 } },
    });

    const { code, stdout, stderr } = await run(['policy', 'import', definition as string]);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({
      name: 'etl',
      match: { jobDefinitions: ['etl'] },
      budgets: { total: 2 },
      rules: [],
    });
  });

  it('imports each definition of aws batch describe-job-definitions output, saying which has no retryStrategy', async () => {
    const { described } = await tempFiles({
      described: {
        jobDefinitions: [
          { jobDefinitionName: 'render', revision: 1, retryStrategy: { attempts: 3 } },
          { jobDefinitionName: 'render', revision: 2, retryStrategy: { attempts: 5 } },
          { jobDefinitionName: 'report', revision: 7, type: 'container' },
        ],
      },
    });

    const { code, stdout, stderr } = await run(['policy', 'import', described as string]);

    expect(code).toBe(0);
    const policies = JSON.parse(stdout) as { name: string; match: unknown; budgets: unknown }[];
    expect(policies.map(({ name, match, budgets }) => ({ name, match, budgets }))).toEqual([
      { name: 'render-r1', match: { jobDefinitions: ['render:1'] }, budgets: { total: 3 } },
      { name: 'render-r2', match: { jobDefinitions: ['render:2'] }, budgets: { total: 5 } },
      { name: 'report', match: { jobDefinitions: ['report'] }, budgets: { total: 1 } },
    ]);
    expect(stderr).toContain(
      `batch-retry policy import: warning: ${described}#jobDefinitions[2]: job definition report has no retryStrategy, ` +
        'so AWS Batch makes one attempt and never retries it',
    );
  });

  it('writes one policy file per definition with --out-dir, each valid', async () => {
    const { described } = await tempFiles({
      described: {
        jobDefinitions: [
          { jobDefinitionName: 'a', retryStrategy: { attempts: 2 } },
          { jobDefinitionName: 'b' },
        ],
      },
    });
    const dir = join(dirname(described as string), 'policies');

    const imported = await run(['policy', 'import', described as string, '--out-dir', dir]);
    const validated = await run(['policy', 'validate', dir]);

    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe(
      `wrote ${join(dir, 'a.json')} (policy a)\nwrote ${join(dir, 'b.json')} (policy b)\n`,
    );
    expect(validated.code).toBe(0);
  });

  it('warns on stderr that the imported policy governs only jobs tagged with its name, keeping stdout the policy', async () => {
    const { native } = await tempFiles({ native: { attempts: 2 } });

    const { code, stdout, stderr } = await run(['policy', 'import', native as string]);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: 'imported' });
    expect(JSON.parse(stdout)).not.toHaveProperty('match');
    expect(stderr).toContain(
      'batch-retry policy import: note: policy imported has no "match", so it governs only jobs tagged batch-retry:policy=imported.',
    );
    expect(stderr).toContain('add a "match" block');
    expect(stderr).toContain('import it with --name default');
  });

  it('gives no such warning for a policy imported as default, which governs every job no other policy matches', async () => {
    const { native } = await tempFiles({ native: { attempts: 2 } });

    const { code, stderr } = await run(['policy', 'import', native as string, '--name', 'default']);

    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('refuses a pattern AWS Batch would refuse, naming the character', async () => {
    const { native } = await tempFiles({
      native: { attempts: 2, evaluateOnExit: [{ onReason: 'Error_1', action: 'EXIT' }] },
    });

    const { code, stderr } = await run(['policy', 'import', native as string]);

    expect(code).toBe(1);
    expect(stderr).toBe(
      `batch-retry policy import: ${native}: evaluateOnExit[0].onReason: has "_" at position 6; AWS Batch allows only letters, digits, ".", ":" and white space (and a final "*")\n` +
        'batch-retry policy import: Nothing was imported.\n',
    );
  });
});
