import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '#core/policy/json-schema.js';
import { run, tempFiles } from './policy-helpers.js';

const V = 'batch-retry policy validate: ';

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

  it('exits 1 with one line per problem: batch-retry policy validate: <file>: <json path>: <problem>', async () => {
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
      `${V}${bad}: rules[0].action: must be one of "RETRY", "EXIT" (got "AGAIN")`,
      `${V}${bad}: budgets.total: is above the hard limit of 50 attempts per lineage, which no policy can lift (got 60)`,
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
      `${V}${many}: backoff.jitter: must be one of "none", "full", "equal" (got "sometimes")`,
      `${V}${many}: budgets.perClass.infrastructure: allows 5 retries but budgets.total (3) leaves room for only 2; raise budgets.total to at least 6`,
      `${V}${many}: rules[0].onExitCode: can never match an exit code: it has "x" at position 2; AWS Batch allows only digits (and a final "*")`,
    ]);
  });

  it('exits 1 for a file that is not JSON, saying why on one line with the line and column', async () => {
    const { broken } = await tempFiles({ broken: '{\n  "schemaVersion": 1,,\n}' });

    const { code, stderr } = await run(['policy', 'validate', broken as string]);

    expect(code).toBe(1);
    expect(stderr).toBe(
      `${V}${broken}: is not valid JSON: expected double-quoted property name (line 2, column 22)\n`,
    );
  });

  it('exits 2 for a file that cannot be read, as every command does for unusable input', async () => {
    const { code, stderr } = await run(['policy', 'validate', '/nonexistent.json']);

    expect(code).toBe(2);
    expect(stderr).toBe(`${V}/nonexistent.json: file not found; check the path\n`);
  });

  it('reads a policy saved with a UTF-8 byte-order mark', async () => {
    const { bom } = await tempFiles({ bom: `\ufeff${JSON.stringify({ schemaVersion: 1, name: 'bom' })}` });

    const { code, stdout } = await run(['policy', 'validate', bom as string]);

    expect(code).toBe(0);
    expect(stdout).toBe(`${bom}: valid (policy bom)\n`);
  });

  it('reads a policy from stdin for -, and every *.json of a folder', async () => {
    const folder = fileURLToPath(new URL('../../../examples/policies/', import.meta.url));

    const { code, stdout } = await run(
      ['policy', 'validate', '-', folder],
      JSON.stringify({ schemaVersion: 1, name: 'piped' }),
    );

    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('stdin: valid (policy piped)');
    expect(stdout).toContain('production.json: valid (policy production)');
  });

  it('refuses two files with the same policy name', async () => {
    const { a, b } = await tempFiles({
      a: { schemaVersion: 1, name: 'x' },
      b: { schemaVersion: 1, name: 'x' },
    });

    const { code, stderr } = await run(['policy', 'validate', a as string, b as string]);

    expect(code).toBe(1);
    expect(stderr).toBe(`${V}${b}: name: "x" is also used by ${a}\n`);
  });

  it('names the allowed values and the closest one for a misspelt value, and the field meant for a misspelt field', async () => {
    const { typos } = await tempFiles({
      typos: {
        schemaVersion: 1,
        name: 'typos',
        match: { queue: ['spot'] },
        rules: [
          { onClass: 'infrastucture', action: 'RETRY' },
          { onExitcode: '1', onClass: 'application', action: 'EXIT' },
        ],
        backoff: { strategy: 'exponentail' },
      },
    });

    const { code, stderr } = await run(['policy', 'validate', typos as string]);

    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${V}${typos}: match.queue: is not a known field; did you mean "queues"?`,
      `${V}${typos}: rules[0].onClass: must be one of "infrastructure", "middleware", "resource", "timeout", ` +
        '"application", "cancelled", "dependency", "unknown" (got "infrastucture"); did you mean "infrastructure"?',
      `${V}${typos}: rules[1].onExitcode: is not a known field; did you mean "onExitCode"?`,
      `${V}${typos}: backoff.strategy: must be one of "fixed", "exponential", "decorrelated" (got "exponentail"); did you mean "exponential"?`,
    ]);
    expect(stderr).not.toMatch(/Invalid|Too small|expected number|received/);
  });

  it('warns, without failing, about settings that can never take effect', async () => {
    const { never } = await tempFiles({
      never: {
        schemaVersion: 1,
        name: 'never',
        rules: [{ onClass: 'infrastructure', action: 'RETRY' }],
        budgets: { total: 6, perClass: { infrastructure: 1 } },
        fallback: { infrastructure: { ladder: [{ afterFailures: 2, jobQueue: 'on-demand' }] } },
        escalate: { maxMemoryMiB: 65536 },
      },
    });

    const { code, stdout, stderr } = await run(['policy', 'validate', never as string]);

    expect(code).toBe(0);
    expect(stdout).toBe(`${never}: valid (policy never, 2 warnings)\n`);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${V}warning: ${never}: escalate: never takes effect: no rule retries a resource failure (out of memory) and ` +
        'defaultAction is EXIT; add a rule {"onClass": "resource", "action": "RETRY"}',
      `${V}warning: ${never}: fallback.infrastructure.ladder[0].afterFailures: is 2, so the move to on-demand never ` +
        'happens: budgets.perClass.infrastructure allows 1 retry after infrastructure failures, and the job gives up ' +
        'at failure 2; raise the budget or lower afterFailures',
    ]);
  });
});

describe('batch-retry policy schema', () => {
  it('prints the JSON Schema of a policy', async () => {
    const { code, stdout } = await run(['policy', 'schema']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(policyJsonSchema());
  });
});
