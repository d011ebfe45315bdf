import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

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
};
