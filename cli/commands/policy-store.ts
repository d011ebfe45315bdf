import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createSsmClient, DEFAULT_POLICY_PREFIX, SsmPolicyStore } from '#adapters/aws/ssm/index.js';
import { formatProblem, parsePolicyDocument } from '#core/policy/index.js';
import { CliExit, type CliIo, EXIT_BAD_INPUT, EXIT_FAILED } from '../io.js';
import { lineDiff, renderDiff } from './policy-diff.js';

interface SsmOptions {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly prefix: string;
}

function withSsmOptions(command: Command): Command {
  return command
    .option('--prefix <prefix>', 'SSM parameter prefix of the policies', DEFAULT_POLICY_PREFIX)
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--profile <profile>', 'named AWS profile (default: AWS_PROFILE or the default chain)')
    .option('--endpoint-url <url>', 'custom SSM endpoint (LocalStack, VPC endpoint)');
}

function storeFor(options: SsmOptions): SsmPolicyStore {
  const client = createSsmClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
  });
  return new SsmPolicyStore(client, options.prefix);
}

/**
 * Runs an SSM action; an AWS failure becomes one line saying what could not be done, and exit
 * `failure` (default 1, EXIT_FAILED).
 */
async function talkingToSsm<T>(
  io: CliIo,
  what: string,
  action: () => Promise<T>,
  failure: number = EXIT_FAILED,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof CliExit) throw error;
    const name = error instanceof Error ? error.name : 'Error';
    io.stderr.write(`cannot ${what}: ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    throw new CliExit(failure);
  }
}

/**
 * Reads and validates a local policy file; prints its problems and exits `invalid` (default 1,
 * EXIT_FAILED) when it is invalid, 2 (EXIT_BAD_INPUT) when it cannot be read.
 */
async function readValidPolicy(
  file: string,
  io: CliIo,
  invalid: number = EXIT_FAILED,
): Promise<{ raw: Record<string, unknown>; name: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`${file}: (document): cannot be read: ${(error as Error).message}\n`);
    throw new CliExit(EXIT_BAD_INPUT);
  }
  const parsed = parsePolicyDocument(text, file);
  if (!parsed.ok) {
    for (const problem of parsed.problems) io.stderr.write(`${formatProblem(file, problem)}\n`);
    throw new CliExit(invalid);
  }
  return { raw: JSON.parse(text) as Record<string, unknown>, name: parsed.policy.name };
}

function pretty(value: string): string[] {
  try {
    return JSON.stringify(JSON.parse(value), null, 2).split('\n');
  } catch {
    return value.split('\n');
  }
}

/** Adds push, list, show and diff to the `policy` command. */
export function registerPolicyStoreCommands(policy: Command, io: CliIo): void {
  withSsmOptions(
    policy
      .command('push')
      .description('Validate a policy file and store it in SSM (String, overwrite; Advanced tier over 4 KB).')
      .argument('<file>', 'policy JSON file')
      .option('--name <name>', 'store under this name (the stored document gets this name)'),
  ).action(async (file: string, options: SsmOptions & { name?: string }) => {
    const { raw, name: documentName } = await readValidPolicy(file, io);
    const name = options.name ?? documentName;
    const document = { ...raw, name };
    const again = parsePolicyDocument(JSON.stringify(document), file);
    if (!again.ok) {
      for (const problem of again.problems) io.stderr.write(`${formatProblem(`--name ${name}`, problem)}\n`);
      throw new CliExit(EXIT_BAD_INPUT);
    }
    const store = storeFor(options);
    const out = await talkingToSsm(io, `store policy ${name}`, () =>
      store.put(name, JSON.stringify(document)),
    );
    io.stdout.write(
      `pushed policy ${name} to ${store.parameterName(name)} version ${out.version} (${out.tier} tier)\n`,
    );
  });

  withSsmOptions(
    policy.command('list').description('List the stored policies with version and validity.'),
  ).action(async (options: SsmOptions) => {
    const store = storeFor(options);
    const stored = await talkingToSsm(io, `list policies under ${store.prefix}`, () => store.list());
    if (stored.length === 0) {
      io.stdout.write(`no policies under ${store.prefix}; every job is unmanaged\n`);
      return;
    }
    for (const p of stored) {
      const parsed = parsePolicyDocument(p.value, p.parameter);
      const state = parsed.ok
        ? 'valid'
        : `INVALID (${parsed.problems.length} problem(s); run policy show ${p.name})`;
      const modified = p.lastModified === undefined ? '' : `  ${p.lastModified.toISOString()}`;
      io.stdout.write(`${p.name}  v${p.version}  ${state}${modified}\n`);
    }
  });

  withSsmOptions(
    policy.command('show').description('Print a stored policy document.').argument('<name>', 'policy name'),
  ).action(async (name: string, options: SsmOptions) => {
    const store = storeFor(options);
    const stored = await talkingToSsm(io, `read policy ${name}`, () => store.get(name));
    if (stored === undefined) {
      io.stderr.write(`no policy ${name}: parameter ${store.parameterName(name)} does not exist\n`);
      throw new CliExit(EXIT_FAILED);
    }
    io.stderr.write(`# ${stored.parameter} version ${stored.version}\n`);
    io.stdout.write(`${pretty(stored.value).join('\n')}\n`);
    const parsed = parsePolicyDocument(stored.value, stored.parameter);
    if (!parsed.ok) {
      for (const problem of parsed.problems) io.stderr.write(`${formatProblem(stored.parameter, problem)}\n`);
      throw new CliExit(EXIT_FAILED);
    }
  });

  withSsmOptions(
    policy
      .command('diff')
      .description(
        'Show how a policy file differs from the stored version. Exits like diff(1): 0 when they are the same, ' +
          '1 when they differ, 2 when they could not be compared (SSM unreachable or refused, no stored ' +
          'policy of that name, an invalid or unreadable file; the reason is on stderr).',
      )
      .argument('<file>', 'policy JSON file')
      .option('--name <name>', 'compare with this stored policy (default: the document name)'),
  ).action(async (file: string, options: SsmOptions & { name?: string }) => {
    // Exit 2 (EXIT_BAD_INPUT) whenever there is nothing to compare, as diff(1) does for a missing file.
    const { raw, name: documentName } = await readValidPolicy(file, io, EXIT_BAD_INPUT);
    const name = options.name ?? documentName;
    const store = storeFor(options);
    const stored = await talkingToSsm(
      io,
      `read policy ${name} to compare it with ${file}`,
      () => store.get(name),
      EXIT_BAD_INPUT,
    );
    if (stored === undefined) {
      io.stderr.write(
        `cannot compare ${file}: no policy ${name} is stored (parameter ${store.parameterName(name)} does not exist). ` +
          `Check --name, --prefix and --region, or store it with \`batch-retry policy push ${file}\`.\n`,
      );
      throw new CliExit(EXIT_BAD_INPUT);
    }
    const before = pretty(stored.value);
    const after = JSON.stringify({ ...raw, name }, null, 2).split('\n');
    const diff = lineDiff(before, after);
    if (diff.every((line) => line.op === ' ')) {
      io.stdout.write(`${file}: same as ${store.parameterName(name)} version ${stored.version}\n`);
      return;
    }
    io.stdout.write(`--- ${store.parameterName(name)} version ${stored.version}\n`);
    io.stdout.write(`+++ ${file}\n`);
    for (const line of renderDiff(diff)) io.stdout.write(`${line}\n`);
    throw new CliExit(EXIT_FAILED);
  });
}
