/**
 * Builds the `batch-retry` command into dist/cli/ with esbuild: one ES module per command, loaded
 * only when that command runs, so that `--version` or `classify` of one event start about as fast as
 * Node itself (docs/cli.md, `npm run bench`). Run by `npm run build`, which `npm ci`/`npm install`
 * (the prepare script) and `npm test` run; bin/batch-retry.js calls {@link ensureBuilt} so that the
 * bundle is rebuilt whenever a source file is newer than it.
 *
 * Plain JavaScript so that it runs without a TypeScript loader.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (two folders up from cli/bundle/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the bundle goes. */
export const OUT_DIR = join(ROOT, 'dist', 'cli');
/** The bundle's entry module, run by bin/batch-retry.js. */
export const ENTRY = join(OUT_DIR, 'entry.mjs');
/** The project files the bundle was built from, and when the build started. */
const MANIFEST = join(OUT_DIR, 'inputs.json');

/**
 * zod's messages in other languages (`z.locales`, about 360 KB), which every command that parses an
 * event would otherwise load: the CLI speaks English only (zod sets its English messages from
 * `locales/en.js` directly, which stays). Keeps `classify` of one event well inside its start-up target.
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'zod')}`)
        ? { path: 'zod-locales', namespace: 'empty' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * True when the bundle is missing, or a file it was built from changed (or went away) after its build
 * started. Costs one stat per source file (a few milliseconds).
 */
export function isStale() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    statSync(ENTRY);
  } catch {
    return true;
  }
  return manifest.inputs.some((file) => {
    try {
      return statSync(join(ROOT, file)).mtimeMs > manifest.startedAt;
    } catch {
      return true;
    }
  });
}

/** Builds the bundle when {@link isStale} says so. */
export async function ensureBuilt() {
  if (isStale()) await buildCli();
}

/**
 * Bundles cli/entry.ts and everything it loads (the AWS SDK included, which loads faster bundled)
 * into dist/cli/: entry.mjs and content-hashed chunks. Every file is written under a temporary name
 * and renamed into place, so a command starting meanwhile never reads half a file.
 */
export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { entry: 'cli/entry.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Module-first: the ES builds of the AWS SDK bundle smaller and load faster.
    mainFields: ['module', 'main'],
    outdir: OUT_DIR,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    // Some dependencies still call require() for Node built-ins.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    define: { __BATCH_RETRY_VERSION__: JSON.stringify(pkg.version) },
    plugins: [withoutZodLocales],
    minify: true,
    keepNames: true,
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  await mkdir(OUT_DIR, { recursive: true });
  const written = new Set();
  // Chunks first, the entry last: the entry is what makes a new build visible.
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === ENTRY) - Number(b.path === ENTRY));
  for (const file of files) {
    await writeAtomically(file.path, file.contents);
    written.add(basename(file.path));
  }
  // Project files only: node_modules change with npm ci, which rebuilds; plugin modules are no files.
  const inputs = Object.keys(result.metafile.inputs).filter(
    (input) => !input.includes('node_modules/') && existsSync(join(ROOT, input)),
  );
  inputs.push('package.json', relative(ROOT, fileURLToPath(import.meta.url)));
  await writeAtomically(MANIFEST, JSON.stringify({ startedAt, inputs }, null, 1));
  written.add(basename(MANIFEST));
  for (const name of await readdir(OUT_DIR)) {
    if (!written.has(name) && !name.includes('.tmp-')) await rm(join(OUT_DIR, name), { force: true });
  }
}

async function writeAtomically(path, contents) {
  const temporary = join(dirname(path), `${basename(path)}.tmp-${process.pid}`);
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
