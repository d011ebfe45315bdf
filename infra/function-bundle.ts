import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';

/** The project root, which esbuild resolves `functions/<name>/handler.ts` and the `#` aliases from. */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The file a function bundle is written to, and its handler export: Lambda's `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';

/**
 * The esbuild options of every Lambda bundle, in one place: the CDK function factory, the bundle
 * test and the artifact smoke test all build with these, so what is tested is what is deployed.
 *
 * - ES module for Node.js 22 (the `nodejs22.x` runtime), minified, with a source map beside it
 *   (used when the stack's `sourceMaps` prop runs the functions with `--enable-source-maps`, and
 *   by hand to read a stack trace otherwise).
 * - The AWS SDK is bundled, not left to the runtime: it pins the SDK version the tests ran, and one
 *   file loads faster than the runtime's many (toolchain.md, "Cold load").
 * - `mainFields` module-first: the SDK's ES builds; the CommonJS ones (esbuild's default order for
 *   Node) bundle 30% larger and call `require()` for Node built-ins, which an ES module cannot.
 *
 * @param name the folder under `functions/` (`decide`, `resubmit`, `reconcile`)
 * @param outdir where `index.mjs` and `index.mjs.map` go
 */
export function functionBuildOptions(name: string, outdir: string): BuildOptions {
  return {
    ...LAMBDA_CODE_OPTIONS,
    entryPoints: { index: `functions/${name}/handler.ts` },
    outdir,
    outExtension: { '.js': '.mjs' },
    sourcemap: true,
    logLevel: 'warning',
  };
}

/**
 * Packages a bundle `require`s at run time from `node_modules/` beside it instead of carrying them:
 * re2js (147 KiB minified) is needed only by policies with `"regex": true` rules, and code in the
 * bundle costs every cold start its parsing even when it never runs (docs/performance.md, figure 3).
 * The function factory and the benchmarks copy them with {@link copyPackagesBeside}.
 */
export const BESIDE_BUNDLE = ['re2js'] as const;

/**
 * How the code of a Lambda bundle is built, whatever its entry and output: also what the benchmarks
 * build their bundles with (bench/rig/bundles.ts), so that they measure code built as it is deployed.
 */
export const LAMBDA_CODE_OPTIONS: BuildOptions = {
  absWorkingDir: PROJECT_ROOT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  external: [...BESIDE_BUNDLE],
  // What esbuild's `require` of an external package calls in an ES module (it has no `require`).
  banner: {
    js: "import{createRequire as __batchRetryRequire}from'node:module';const require=__batchRetryRequire(import.meta.url);",
  },
};

/**
 * Copies each {@link BESIDE_BUNDLE} package that a build's output requires into
 * `outdir/node_modules/<name>/`: its package.json, licence and the file its CommonJS entry resolves to.
 * For packages of one self-contained CommonJS file (re2js'); a bundle that does not require the
 * package gets none. The package is found as Node finds it from `from` (this project by default):
 * in its own node_modules, hoisted into an app's, or behind a pnpm symlink.
 */
export function copyPackagesBeside(
  metafile: Metafile | undefined,
  outdir: string,
  from = PROJECT_ROOT,
): void {
  if (metafile === undefined) throw new Error('copyPackagesBeside needs the metafile of the build');
  const required = new Set(
    Object.values(metafile.outputs).flatMap((output) =>
      output.imports.filter((i) => i.external).map((i) => i.path),
    ),
  );
  const resolve = createRequire(join(from, 'package.json')).resolve;
  for (const name of BESIDE_BUNDLE.filter((pkg) => required.has(pkg))) {
    const entry = realpathSync(resolve(name));
    const root = packageRoot(entry, name);
    const files = [
      'package.json',
      relative(root, entry),
      ...(existsSync(join(root, 'LICENSE')) ? ['LICENSE'] : []),
    ];
    for (const file of files) {
      const target = join(outdir, 'node_modules', name, file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(root, file), target);
    }
  }
}

/** The folder of package `name` that holds `file`: the nearest one up whose package.json names it. */
function packageRoot(file: string, name: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name
    )
      return dir;
  }
  throw new Error(`cannot find the package.json of ${name} above ${file}`);
}
