import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '#core/policy/json-schema.js';
import { policySchema } from '#core/policy/schema.js';
import { run, tempFiles } from './policy-helpers.js';

const example = (name: string) =>
  fileURLToPath(new URL(`../../../examples/policies/${name}.json`, import.meta.url));

describe('batch-retry policy validate', () => {
  it('exits 0 and names each valid policy', async () => {
    const { code, stdout, stderr } = await run([
      'policy',
      'validate',
      example('production'),
      example('spot-reclaim'),
    ]);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('production.json: valid (policy production)');
  });

  it('exits 1 with one line per problem: <file>: <json path>: <message>', async () => {
    const { bad } = await tempFiles({
      bad: {
        schemaVersion: 1,
        name: 'bad',
        budgets: { total: 60 },
        rules: [{ onExitCode: '1', action: 'AGAIN' }],
      },
    });

    const { code, stderr } = await run(['policy', 'validate', bad as string]);

    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${bad}: rules[0].action: Invalid option: expected one of "RETRY"|"EXIT" (got "AGAIN")`,
      `${bad}: budgets.total: is above the hard limit of 50 attempts per lineage, which no policy can lift (got 60)`,
    ]);
  });

  it('lists every problem of a document in one run, each line once', async () => {
    const { many } = await tempFiles({
      many: {
        schemaVersion: 1,
        name: 'many',
        batchCompatible: true,
        backoff: { jitter: 'sometimes' },
        budgets: { total: 3, perClass: { infrastructure: 5 } },
        rules: [{ onExitCode: '1x', action: 'RETRY' }],
      },
    });

    const { code, stderr } = await run(['policy', 'validate', many as string]);

    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${many}: backoff.jitter: Invalid option: expected one of "none"|"full"|"equal" (got "sometimes")`,
      `${many}: budgets.perClass.infrastructure: allows 5 retries but budgets.total (3) leaves room for only 2; raise budgets.total to at least 6`,
      `${many}: rules[0].onExitCode: can never match an exit code: it has "x" at position 2; AWS Batch allows only digits (and a final "*")`,
    ]);
  });

  it('reports a file that is missing or not JSON at (document)', async () => {
    const { broken } = await tempFiles({ broken: '{ "schemaVersion": ' });

    const { code, stderr } = await run(['policy', 'validate', broken as string, '/nonexistent.json']);

    expect(code).toBe(1);
    expect(stderr).toContain(`${broken}: (document): is not valid JSON`);
    expect(stderr).toContain('/nonexistent.json: (document): cannot be read: ENOENT');
  });

  it('refuses two files with the same policy name', async () => {
    const { a, b } = await tempFiles({
      a: { schemaVersion: 1, name: 'x' },
      b: { schemaVersion: 1, name: 'x' },
    });

    const { code, stderr } = await run(['policy', 'validate', a as string, b as string]);

    expect(code).toBe(1);
    expect(stderr).toBe(`${b}: name: "x" is also used by ${a}\n`);
  });
});

describe('batch-retry policy schema', () => {
  it('prints the JSON Schema of a policy', async () => {
    const { code, stdout } = await run(['policy', 'schema']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(policyJsonSchema());
  });
});

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
    const policy = policySchema.parse(JSON.parse(stdout));
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

  it('reads the retryStrategy out of a job definition', async () => {
    const { definition } = await tempFiles({
      definition: { jobDefinitionName: 'etl', retryStrategy: { attempts: 2 } },
    });

    const { code, stdout } = await run(['policy', 'import', definition as string]);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: 'imported', budgets: { total: 2 }, rules: [] });
  });

  it('warns on stderr that the imported policy governs only jobs tagged with its name, keeping stdout the policy', async () => {
    const { native } = await tempFiles({ native: { attempts: 2 } });

    const { code, stdout, stderr } = await run(['policy', 'import', native as string]);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: 'imported' });
    expect(JSON.parse(stdout)).not.toHaveProperty('match');
    expect(stderr).toContain(
      'note: policy imported has no "match", so it governs only jobs tagged batch-retry:policy=imported.',
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
      `${native}: evaluateOnExit[0].onReason: has "_" at position 6; AWS Batch allows only letters, digits, ".", ":" and white space (and a final "*")\n`,
    );
  });
});
