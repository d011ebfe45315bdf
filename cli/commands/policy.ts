import type { Command } from 'commander';
import { policyJsonSchema, policyWarnings } from '#core/policy/index.js';
import {
  CliExit,
  type CliIo,
  type CommandContext,
  commandAction,
  EXIT_BAD_INPUT,
  EXIT_FAILED,
} from '../kit/index.js';
import { policyProblem } from '../load-policies.js';
import { loadPolicyFile, policyFilePaths } from '../policy-files.js';
import { registerPolicyImportCommand } from './policy-import.js';
import { registerPolicyStoreCommands } from './policy-store.js';

/**
 * `policy validate <files...>`: every problem of every file, one line each, and every warning (a
 * setting that can never take effect). Exits 0 when all are valid (warnings or not), 1 when one is
 * invalid or two share a name, 2 when one cannot be read.
 */
async function validate(context: CommandContext, paths: readonly string[]): Promise<void> {
  const { report, out } = context;
  let invalid = false;
  let unreadable = false;
  const names = new Map<string, string>();
  for (const file of await policyFilePaths(paths)) {
    const result = await loadPolicyFile(file, context.io.stdin);
    if ('unreadable' in result) {
      unreadable = true;
      report.problem({ input: result.input, problem: result.unreadable });
      continue;
    }
    if (!result.ok) {
      invalid = true;
      for (const problem of result.problems) report.problem(policyProblem(result.input, problem));
      continue;
    }
    const clash = names.get(result.policy.name);
    if (clash !== undefined) {
      invalid = true;
      report.problem({
        input: result.input,
        problem: `name: "${result.policy.name}" is also used by ${clash}`,
      });
      continue;
    }
    names.set(result.policy.name, result.input);
    const warnings = policyWarnings(result.policy);
    for (const warning of warnings) report.warning(policyProblem(result.input, warning));
    const noted =
      warnings.length === 0 ? '' : `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
    await out.line(`${result.input}: valid (policy ${result.policy.name}${noted})`);
  }
  if (unreadable) throw new CliExit(EXIT_BAD_INPUT);
  if (invalid) throw new CliExit(EXIT_FAILED);
}

/**
 * `batch-retry policy ...`: validate, schema and import work on files; push, list, show and diff
 * talk to SSM Parameter Store (policy-store.ts).
 */
export function registerPolicyCommand(program: Command, io: CliIo): void {
  const policy = program
    .command('policy')
    .description('write, check and store retry policies in SSM Parameter Store')
    .helpCommand('help [command]', 'show help for a command');
  policy
    .command('validate')
    .description('check policy files: every problem and warning, one line each')
    .argument('<files...>', 'policy files or folders of them, - for stdin')
    .addHelpText(
      'after',
      '\nEach problem is printed as batch-retry policy validate: <file>: <json path>: <problem>. Exits 0 when\n' +
        'every policy is valid (warnings do not fail), 1 when one is invalid, 2 when a file cannot be read.',
    )
    .action(commandAction(io, (context, files: string[]) => validate(context, files)));
  policy
    .command('schema')
    .description('print the JSON Schema of a policy document, for editor completion')
    .action(
      commandAction(io, async ({ out }) => {
        await out.line(JSON.stringify(policyJsonSchema(), null, 2));
      }),
    );
  registerPolicyImportCommand(policy, io);
  registerPolicyStoreCommands(policy, io);
}
