import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { copyPackagesBeside } from '#infra/function-bundle.js';

/** What esbuild reports for a bundle that requires re2js at run time (or, `[]`, one that does not). */
const requiring = (externals: string[]): Metafile => ({
  inputs: {},
  outputs: {
    'index.mjs': {
      bytes: 1,
      inputs: {},
      imports: externals.map((path) => ({ path, kind: 'require-call', external: true })),
      exports: [],
      entryPoint: 'x',
    },
  },
});

/** A fake re2js: its manifest, its CommonJS entry and a licence, under `dir`. */
function fakeRe2js(dir: string): void {
  mkdirSync(join(dir, 'build'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 're2js', exports: { '.': { require: './build/index.cjs' } } }),
  );
  writeFileSync(join(dir, 'build', 'index.cjs'), 'module.exports = { RE2JS: "fake" };\n');
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
}

/** An app that installed the orchestrator as a dependency, with re2js laid out by `install`. */
function app(install: (appModules: string) => void): { construct: string; asset: string } {
  const root = mkdtempSync(join(tmpdir(), 'beside-'));
  const construct = join(root, 'node_modules', 'batch-retry-orchestrator');
  mkdirSync(construct, { recursive: true });
  writeFileSync(join(construct, 'package.json'), JSON.stringify({ name: 'batch-retry-orchestrator' }));
  install(join(root, 'node_modules'));
  return { construct, asset: join(root, 'asset') };
}

const copied = (asset: string) =>
  ['package.json', 'build/index.cjs', 'LICENSE'].filter((file) =>
    existsSync(join(asset, 'node_modules', 're2js', file)),
  );

describe('copyPackagesBeside', () => {
  it('finds re2js hoisted into the app that uses the construct (npm), not only in this project', () => {
    const { construct, asset } = app((modules) => fakeRe2js(join(modules, 're2js')));

    copyPackagesBeside(requiring(['re2js']), asset, construct);

    expect(copied(asset)).toEqual(['package.json', 'build/index.cjs', 'LICENSE']);
    expect(readFileSync(join(asset, 'node_modules', 're2js', 'build', 'index.cjs'), 'utf8')).toContain(
      'fake',
    );
  });

  it('follows a pnpm symlink to the package itself, and copies inside node_modules/re2js only', () => {
    const { construct, asset } = app((modules) => {
      const store = join(modules, '.pnpm', 're2js@2.10.0', 'node_modules', 're2js');
      fakeRe2js(store);
      symlinkSync(store, join(modules, 're2js'), 'dir');
    });

    copyPackagesBeside(requiring(['re2js']), asset, construct);

    expect(copied(asset)).toEqual(['package.json', 'build/index.cjs', 'LICENSE']);
  });

  it('copies nothing for a bundle that does not require it', () => {
    const { construct, asset } = app((modules) => fakeRe2js(join(modules, 're2js')));

    copyPackagesBeside(requiring([]), asset, construct);

    expect(existsSync(join(asset, 'node_modules'))).toBe(false);
  });
});
