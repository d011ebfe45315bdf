import { type Command, Option } from 'commander';
import type { SsmPolicyStore } from '#adapters/aws/ssm/index.js';
import { parsePolicyDocument } from '#core/policy/index.js';
import { readWholeInput } from '../inputs/index.js';
import {
  type AwsOptionValues,
  awsCall,
  awsOptions,
  CliError,
  CliExit,
  type CliIo,
  type CommandContext,
  commandAction,
  EXIT_BAD_INPUT,
  EXIT_FAILED,
  resolveAws,
  unusableInput,
} from '../kit/index.js';
import { policyProblem } from '../load-policies.js';
import { lineDiff, renderDiff } from './policy-diff.js';

/** The prefix policies are stored under, as `--help` shows it (DEFAULT_POLICY_PREFIX of the SSM adapter). */
export const SHOWN_POLICY_PREFIX = '/batch-retry/policies/';

interface StoreOptions extends AwsOptionValues {
  readonly prefix?: string;
}

function withStoreOptions(command: Command): Command {
  command.addOption(
    new Option('--prefix <prefix>', 'SSM parameter prefix of the policies').default(
      undefined,
      SHOWN_POLICY_PREFIX,
    ),
  );
  for (const option of awsOptions('SSM')) command.addOption(option);
  return command;
}

/** The policy store the options point at; the AWS SDK is loaded only now, by the commands that use it. */
async function openStore(options: StoreOptions): Promise<SsmPolicyStore> {
  const aws = await resolveAws(options);
  const { createSsmClient, DEFAULT_POLICY_PREFIX, SsmPolicyStore } = await import(
    '#adapters/aws/ssm/index.js'
  );
  return new SsmPolicyStore(createSsmClient(aws), options.prefix ?? DEFAULT_POLICY_PREFIX);
}

/**
 * Reads and validates a local policy file (or stdin for `-`): exit 2 (EXIT_BAD_INPUT) when it cannot
 * be read, `invalid` (default 1, EXIT_FAILED) when it is not a valid policy.
 */
async function readValidPolicy(
  file: string,
  context: CommandContext,
  invalid: number = EXIT_FAILED,
): Promise<{ raw: Record<string, unknown>; name: string; input: string }> {
  const { input, text } = await readWholeInput(file, context.io.stdin);
  const parsed = parsePolicyDocument(text, input);
  if (!parsed.ok) {
    throw new CliError(
      invalid,
      parsed.problems.map((p) => policyProblem(input, p)),
    );
  }
  return { raw: JSON.parse(text) as Record<string, unknown>, name: parsed.policy.name, input };
}

function pretty(value: string): string[] {
  try {
    return JSON.stringify(JSON.parse(value), null, 2).split('\n');
  } catch {
    return value.split('\n');
  }
}

async function push(context: CommandContext, file: string, options: StoreOptions & { name?: string }) {
  const { raw, name: documentName, input } = await readValidPolicy(file, context);
  const name = options.name ?? documentName;
  const document = { ...raw, name };
  const again = parsePolicyDocument(JSON.stringify(document), input);
  if (!again.ok)
    throw new CliError(
      EXIT_BAD_INPUT,
      again.problems.map((p) => policyProblem(`--name ${name}`, p)),
    );
  const store = await openStore(options);
  const value = JSON.stringify(document);
  const out = await awsCall(`SSM parameter ${store.parameterName(name)}`, async () => {
    try {
      return await store.put(name, value);
    } catch (error) {
      if (error instanceof RangeError) throw unusableInput(input, error.message);
      throw error;
    }
  });
  await context.out.line(
    `pushed policy ${name} to ${store.parameterName(name)} version ${out.version} (${out.tier} tier)`,
  );
}

async function list(context: CommandContext, options: StoreOptions) {
  const store = await openStore(options);
  const stored = await awsCall(`SSM parameters under ${store.prefix}`, () => store.list());
  if (stored.length === 0) {
    await context.out.line(`no policies under ${store.prefix}; every job is unmanaged`);
    return;
  }
  for (const p of stored) {
    const parsed = parsePolicyDocument(p.value, p.parameter);
    const state = parsed.ok
      ? 'valid'
      : `INVALID (${parsed.problems.length} problem(s); run policy show ${p.name})`;
    const modified = p.lastModified === undefined ? '' : `  ${p.lastModified.toISOString()}`;
    await context.out.line(`${p.name}  v${p.version}  ${state}${modified}`);
  }
}

/**
 * The stored policy `name` and its parameter; when there is none, ends the command as unusable input
 * (exit 2) with `missing(parameter)` as the problem of `input`.
 */
async function readStored(
  options: StoreOptions,
  name: string,
  input: string,
  missing: (parameter: string) => string,
): Promise<{ parameter: string; stored: NonNullable<Awaited<ReturnType<SsmPolicyStore['get']>>> }> {
  const store = await openStore(options);
  const parameter = store.parameterName(name);
  const stored = await awsCall(`SSM parameter ${parameter}`, () => store.get(name));
  if (stored === undefined) throw unusableInput(input, missing(parameter));
  return { parameter, stored };
}

async function show(context: CommandContext, name: string, options: StoreOptions) {
  const { stored } = await readStored(
    options,
    name,
    name,
    (parameter) => `no such policy: parameter ${parameter} does not exist (check --prefix and --region)`,
  );
  context.report.say(`${stored.parameter} version ${stored.version}`);
  await context.out.line(pretty(stored.value).join('\n'));
  const parsed = parsePolicyDocument(stored.value, stored.parameter);
  if (!parsed.ok) {
    throw new CliError(
      EXIT_FAILED,
      parsed.problems.map((p) => policyProblem(stored.parameter, p)),
    );
  }
}

async function diff(context: CommandContext, file: string, options: StoreOptions & { name?: string }) {
  // Exit 2 (EXIT_BAD_INPUT) whenever there is nothing to compare, as diff(1) does for a missing file.
  const { raw, name: documentName, input } = await readValidPolicy(file, context, EXIT_BAD_INPUT);
  const name = options.name ?? documentName;
  const { parameter, stored } = await readStored(
    options,
    name,
    input,
    (missing) =>
      `cannot be compared: no policy ${name} is stored (parameter ${missing} does not exist); ` +
      `check --name, --prefix and --region, or store it with \`batch-retry policy push ${file}\``,
  );
  const before = pretty(stored.value);
  const after = JSON.stringify({ ...raw, name }, null, 2).split('\n');
  const lines = lineDiff(before, after);
  if (lines.every((line) => line.op === ' ')) {
    await context.out.line(`${input}: same as ${parameter} version ${stored.version}`);
    return;
  }
  await context.out.lines([
    `--- ${parameter} version ${stored.version}`,
    `+++ ${input}`,
    ...renderDiff(lines),
  ]);
  throw new CliExit(EXIT_FAILED);
}

/** Adds push, list, show and diff to the `policy` command. */
export function registerPolicyStoreCommands(policy: Command, io: CliIo): void {
  withStoreOptions(
    policy
      .command('push')
      .description(
        'validate a policy file and store it in SSM (String, overwritten; Advanced tier over 4 KB)',
      )
      .argument('<file>', 'policy file, - for stdin')
      .addOption(new Option('--name <name>', 'store it under this name').default(undefined, 'its "name"')),
  ).action(commandAction(io, push));

  withStoreOptions(
    policy.command('list').description('list the stored policies with version and validity'),
  ).action(commandAction(io, list));

  withStoreOptions(
    policy.command('show').description('print a stored policy document').argument('<name>', 'policy name'),
  ).action(commandAction(io, show));

  withStoreOptions(
    policy
      .command('diff')
      .description('show how a policy file differs from the stored version')
      .argument('<file>', 'policy file, - for stdin')
      .addOption(
        new Option('--name <name>', 'compare with this stored policy').default(undefined, 'its "name"'),
      )
      .addHelpText(
        'after',
        '\nExits like diff(1): 0 when they are the same, 1 when they differ, 2 when they could not be compared\n' +
          '(no stored policy of that name, a file that cannot be read or is invalid), 3 when AWS failed.',
      ),
  ).action(commandAction(io, diff));
}
