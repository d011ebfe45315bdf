import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIOME = join(ROOT, 'node_modules/.bin/biome');

/**
 * The dependency rules of docs/architecture.md are Biome `noRestrictedImports` overrides in
 * biome.json, which `npm test` runs over the tree (`npm run lint`). These tests prove the rules
 * bite: each probe file is linted with the project's own biome.json in a scratch copy of the layout.
 */
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'boundaries-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.vcs;
  delete config.$schema;
  writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The boundary rules a file at `path` with `importLine` breaks (their names, from the messages). */
function brokenRules(path: string, importLine: string): string[] {
  const file = join(scratch, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${importLine}\nexport const probe = value;\n`);
  const run = spawnSync(BIOME, ['lint', path], { cwd: scratch, encoding: 'utf8' });
  rmSync(file);
  return [...`${run.stdout}${run.stderr}`.matchAll(/boundary ([a-z-]+):/g)].map((m) => m[1] ?? '');
}

describe('the dependency rules', () => {
  it.each([
    [
      'shared/core/decide/probe.ts',
      "import { BatchClient as value } from '@aws-sdk/client-batch';",
      'core-is-pure',
    ],
    ['shared/core/policy/probe.ts', "import { readFile as value } from 'node:fs/promises';", 'core-is-pure'],
    [
      'shared/core/events/probe.ts',
      "import { Logger as value } from '@aws-lambda-powertools/logger';",
      'core-is-pure',
    ],
    [
      'shared/core/decide/probe.ts',
      "import { x as value } from '#adapters/memory/index.js';",
      'core-imports-core',
    ],
    [
      'shared/core/decide/probe.ts',
      "import { x as value } from '../../adapters/aws/batch/index.js';",
      'core-imports-core',
    ],
    [
      'shared/core/orchestrator/probe.ts',
      "import { x as value } from '#cli/sim/index.js';",
      'core-imports-core',
    ],
    [
      'shared/adapters/aws/batch/probe.ts',
      "import { x as value } from '#cli/main.js';",
      'adapters-below-tools',
    ],
    [
      'shared/adapters/memory/probe.ts',
      "import { x as value } from '@aws-sdk/client-dynamodb';",
      'memory-adapters-are-pure',
    ],
    ['functions/decide/probe.ts', "import { x as value } from '#cli/replay/index.js';", 'functions-are-lean'],
    [
      'functions/decide/probe.ts',
      "import { x as value } from '#adapters/memory/index.js';",
      'functions-are-lean',
    ],
    [
      'functions/decide/probe.ts',
      "import { decide as value } from '#core/decide/decide.js';",
      'public-surface',
    ],
    [
      'cli/commands/probe.ts',
      "import { x as value } from '#adapters/aws/ssm/policy-store.js';",
      'public-surface',
    ],
  ])('%s may not %s (rule %s)', (path, importLine, rule) => {
    expect(brokenRules(path, importLine)).toContain(rule);
  });

  it.each([
    ['shared/core/decide/probe.ts', "import { matchRule as value } from '../policy/rules.js';"],
    ['shared/adapters/aws/batch/probe.ts', "import { decide as value } from '#core/decide/index.js';"],
    [
      'functions/decide/probe.ts',
      "import { createDynamoDbLedger as value } from '#adapters/aws/dynamodb/index.js';",
    ],
    ['cli/commands/probe.ts', "import { InMemoryLedger as value } from '#adapters/memory/index.js';"],
  ])('%s may %s', (path, importLine) => {
    expect(brokenRules(path, importLine)).toEqual([]);
  });
});
