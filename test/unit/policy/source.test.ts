import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, policySourceFromFiles } from '#cli/policy-files.js';
import { InvalidPolicyError } from '#core/policy/errors.js';

async function writePolicies(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'policy-source-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('loadPolicyFile', () => {
  it('reports a missing file as unreadable, not as an exception or an invalid policy', async () => {
    const result = await loadPolicyFile('/nonexistent/policy.json');

    expect(result).toEqual({
      ok: false,
      input: '/nonexistent/policy.json',
      unreadable: 'file not found; check the path',
    });
  });
});

describe('InMemoryPolicySource', () => {
  it('loads every file as version 1', async () => {
    const dir = await writePolicies({
      'a.json': JSON.stringify({ schemaVersion: 1, name: 'a' }),
      'b.json': JSON.stringify({ schemaVersion: 1, name: 'b' }),
    });

    const source = await policySourceFromFiles([join(dir, 'a.json'), join(dir, 'b.json')]);

    expect((await source.load()).map((p) => `${p.name}@${p.version}`)).toEqual(['a@1', 'b@1']);
  });

  it('refuses an invalid file with every problem and its path', async () => {
    const dir = await writePolicies({
      'bad.json': JSON.stringify({ schemaVersion: 1, name: 'bad', budgets: { total: 99 } }),
    });

    const loading = policySourceFromFiles([join(dir, 'bad.json')]);

    await expect(loading).rejects.toBeInstanceOf(InvalidPolicyError);
    await expect(loading).rejects.toThrow(/bad\.json: budgets\.total: is above the hard limit of 50/);
  });

  it('refuses two files that define the same policy name', async () => {
    const text = JSON.stringify({ schemaVersion: 1, name: 'same' });
    const dir = await writePolicies({ 'one.json': text, 'two.json': text });

    await expect(policySourceFromFiles([join(dir, 'one.json'), join(dir, 'two.json')])).rejects.toThrow(
      /two\.json: name: "same" is already defined by another file/,
    );
  });
});
