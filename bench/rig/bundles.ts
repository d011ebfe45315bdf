import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';
import { BESIDE_BUNDLE, copyPackagesBeside, LAMBDA_CODE_OPTIONS } from '../../infra/function-bundle.js';
import type { BenchContext } from '../figure.js';

/** The Lambda functions on this branch, by name (functions/<name>/handler.ts). */
export const FUNCTIONS = ['decide', 'resubmit', 'reconcile', 'await', 'notify'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** Size of one bundle, in bytes. */
export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Everything the function figures run, built once per bench run into its scratch directory. */
export interface Bundles {
  /** Each handler, SDK bundled: what the figures import and run. */
  readonly functions: Readonly<Record<FunctionName, string>>;
  /** Each function's SDK clients and Powertools utilities alone (bench/baselines/). */
  readonly baselines: Readonly<Record<FunctionName, string>>;
  readonly sizes: Readonly<
    Record<FunctionName, { readonly sdkBundled: BundleSize; readonly sdkExternal: BundleSize }>
  >;
  /** bench/rig/function-host.ts, cold-import.ts and first-decision.ts, as plain JavaScript. */
  readonly host: string;
  readonly coldImport: string;
  readonly firstDecision: string;
  /** bench/rig/decision-path.ts, built as a Lambda bundle is. */
  readonly decisionPath: string;
}

/** As a Lambda bundle's code is built (infra/function-bundle.ts), without its source map. */
const LAMBDA: BuildOptions = { ...LAMBDA_CODE_OPTIONS, logLevel: 'silent' };

async function bundle(entry: string, outfile: string, options: BuildOptions = {}): Promise<BundleSize> {
  const { metafile } = await build({ ...LAMBDA, ...options, entryPoints: [entry], outfile });
  copyPackagesBeside(metafile, dirname(outfile));
  const bytes = readFileSync(outfile);
  return { bytes: bytes.byteLength, gzipBytes: gzipSync(bytes).byteLength };
}

async function buildAll(scratch: string): Promise<Bundles> {
  const out = (name: string) => join(scratch, `${name}.mjs`);
  const functions = {} as Record<FunctionName, string>;
  const baselines = {} as Record<FunctionName, string>;
  const sizes = {} as Record<FunctionName, Bundles['sizes'][FunctionName]>;
  for (const name of FUNCTIONS) {
    functions[name] = out(name);
    baselines[name] = out(`${name}-sdk-only`);
    const sdkBundled = await bundle(`functions/${name}/handler.ts`, functions[name]);
    const sdkExternal = await bundle(`functions/${name}/handler.ts`, out(`${name}-sdk-external`), {
      external: [...BESIDE_BUNDLE, '@aws-sdk/*'],
    });
    await bundle(`bench/baselines/${name}-sdk-only.ts`, baselines[name]);
    sizes[name] = { sdkBundled, sdkExternal };
  }
  const host = out('function-host');
  const coldImport = out('cold-import');
  const firstDecision = out('first-decision');
  await bundle('bench/rig/function-host.ts', host, { minify: false });
  await bundle('bench/rig/cold-import.ts', coldImport, { minify: false });
  await bundle('bench/rig/first-decision.ts', firstDecision, { minify: false });
  const decisionPath = out('decision-path');
  await bundle('bench/rig/decision-path.ts', decisionPath);
  return { functions, baselines, sizes, host, coldImport, firstDecision, decisionPath };
}

/** The bundles of this run (built on first use). */
export function bundles(context: BenchContext): Promise<Bundles> {
  return context.shared('bundles', () => buildAll(context.scratch));
}
