import { type BuildResult, build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionBuildOptions, LAMBDA_CODE_OPTIONS } from '#infra/function-bundle.js';

/** Modules only tests, the CLI or the simulator use: none may end up in a Lambda bundle. */
const FORBIDDEN_INPUTS = [
  /node_modules\/aws-sdk-client-mock/,
  /node_modules\/sinon/,
  /node_modules\/dynalite/,
  /node_modules\/(@vitest|vitest)\//,
  /node_modules\/fast-check/,
  /node_modules\/commander/,
  /node_modules\/(esbuild|tsx|typescript)\//,
  /^test\//,
  // The CLI and its tools: the simulator (cli/sim) and the replay engine (cli/replay).
  /^cli\//,
  /(^|\/)(sim|replay)\//,
  /^shared\/adapters\/memory\//,
];

/** What each function may reach of AWS: it wires only the clients it uses. */
const NOT_WIRED: Readonly<Record<string, readonly RegExp[]>> = {
  decide: [/@aws-sdk\/client-batch/, /@aws-sdk\/client-sts/],
  resubmit: [/@aws-sdk\/client-ssm/, /@aws-lambda-powertools\/parameters/, /@aws-sdk\/client-sts/],
  reconcile: [
    /@aws-sdk\/client-ssm/,
    /@aws-lambda-powertools\/parameters/,
    /@aws-lambda-powertools\/batch/,
    /@aws-sdk\/client-sts/,
  ],
  await: [
    /@aws-sdk\/client-sqs/,
    /@aws-sdk\/client-sns/,
    /@aws-sdk\/client-eventbridge/,
    /@aws-lambda-powertools\/batch/,
    /@aws-sdk\/client-sts/,
  ],
  notify: [
    /@aws-sdk\/client-sts/,
    /@aws-sdk\/client-sfn/,
    /@aws-sdk\/client-dynamodb/,
    /@aws-sdk\/client-batch/,
    /@aws-sdk\/client-sqs/,
    /@aws-sdk\/client-sns/,
    /@aws-lambda-powertools\/batch/,
  ],
};

/** A client each function bundles (the SDK is bundled, not taken from the runtime). */
const BUNDLED_CLIENT: Readonly<Record<string, string>> = {
  decide: '@aws-sdk/client-dynamodb',
  resubmit: '@aws-sdk/client-dynamodb',
  reconcile: '@aws-sdk/client-dynamodb',
  await: '@aws-sdk/client-sfn',
  notify: '@aws-sdk/client-ssm',
};

/** The functions that read policies, which may have `"regex": true` rules: they require re2js. */
const READS_POLICIES = (name: string) => name === 'decide' || name === 'await';

/** Above this a bundle has picked up something it should not (0.6 to 0.9 MB today, the AWS SDK included). */
const MAX_BUNDLE_BYTES = 1.25 * 1024 * 1024;

/** Bundles a handler with the options the CDK function factory deploys it with (infra/function-bundle.ts). */
async function bundle(name: string): Promise<BuildResult<{ write: false; metafile: true }>> {
  return build({
    ...functionBuildOptions(name, '/bundle'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

describe.each(['decide', 'resubmit', 'reconcile', 'await', 'notify'])('the %s handler bundle', (name) => {
  it('builds without errors or warnings, bundles the AWS SDK, leaves only Node built-ins and re2js external, and stays small', async () => {
    const result = await bundle(name);

    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const output = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
    expect(output?.contents.byteLength).toBeLessThan(MAX_BUNDLE_BYTES);
    const externals = Object.values(result.metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external).map((i) => i.path),
    );
    expect(externals.filter((path) => !path.startsWith('node:'))).toEqual(
      READS_POLICIES(name) ? ['re2js'] : [],
    );
    expect(
      Object.keys(result.metafile.inputs).some((input) => input.includes(BUNDLED_CLIENT[name] ?? '?')),
    ).toBe(true);
    // esbuild's shim for require() inside an ES module throws "Dynamic require of ..." unless the
    // module defines `require`: the banner does, first thing.
    expect(output?.text.startsWith(`${LAMBDA_CODE_OPTIONS.banner?.js}\n`)).toBe(true);
  });

  it('contains no test-only, CLI, simulator, replay or in-memory module, and reads no file', async () => {
    const result = await bundle(name);

    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain(`functions/${name}/handler.ts`);
    expect(inputs.filter((input) => FORBIDDEN_INPUTS.some((pattern) => pattern.test(input)))).toEqual([]);
    const ownImports = Object.entries(result.metafile.inputs)
      .filter(([input]) => !input.startsWith('node_modules/'))
      .flatMap(([, { imports }]) => imports.map((i) => i.path));
    expect(ownImports.filter((path) => /^(node:)?fs(\/|$)/.test(path))).toEqual([]);
  });

  it('carries no re2js: it is required from node_modules beside the bundle when a policy regex is first checked', async () => {
    const result = await bundle(name);

    // An ECMAScript import of re2js would be evaluated with the bundle, and bundling its CommonJS
    // build would still cost every cold start its parsing (docs/performance.md, figure 3).
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('re2js/'))).toEqual([]);
    const output = result.outputFiles.find((file) => file.path.endsWith('.mjs'))?.text ?? '';
    const required = [...output.matchAll(/=([\w$]+)\("re2js"\)/g)];
    expect(required).toHaveLength(READS_POLICIES(name) ? 1 : 0);
    // Inside a function (re2js-on-first-use.cjs), not in the module scope.
    if (READS_POLICIES(name)) expect(output).toMatch(/function\(\)\{return [\w$]+\?\?=[\w$]+\("re2js"\)/);
  });

  it("carries classic zod only where a policy schema needs it: reconcile's sweeps parse with zod/mini alone", async () => {
    const inputs = Object.keys((await bundle(name)).metafile.inputs);

    // Building and loading classic zod cost a cold start far more than zod/mini (docs/performance.md,
    // figure 3); the environment and the event schemas use zod/mini.
    expect(inputs.some((input) => input.startsWith('node_modules/zod/v4/mini/'))).toBe(true);
    if (name === 'reconcile')
      expect(inputs.filter((input) => input.startsWith('node_modules/zod/v4/classic/'))).toEqual([]);
  });

  it('reaches only the AWS clients the function uses', async () => {
    const result = await bundle(name);

    const reached = [
      ...Object.keys(result.metafile.inputs),
      ...Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path)),
    ];
    const unused = NOT_WIRED[name] ?? [];
    expect(reached.filter((path) => unused.some((pattern) => pattern.test(path)))).toEqual([]);
  });
});
