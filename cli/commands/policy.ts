import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  DEFAULT_POLICY_NAME,
  formatProblem,
  jsonPath,
  nativeRetryStrategySchema,
  POLICY_NAME,
  POLICY_TAG,
  policyJsonSchema,
  policySchema,
  problemsFromIssues,
  rulesFromRetryStrategy,
} from '#core/policy/index.js';
import { CliExit, type CliIo, EXIT_BAD_INPUT, EXIT_FAILED } from '../io.js';
import { loadPolicyFile } from '../policy-files.js';
import { registerPolicyStoreCommands } from './policy-store.js';

async function validate(files: readonly string[], io: CliIo): Promise<void> {
  let failed = false;
  const names = new Map<string, string>();
  for (const file of files) {
    const result = await loadPolicyFile(file);
    if (!result.ok) {
      failed = true;
      for (const problem of result.problems) io.stderr.write(`${formatProblem(file, problem)}\n`);
      continue;
    }
    const clash = names.get(result.policy.name);
    if (clash !== undefined) {
      failed = true;
      io.stderr.write(
        `${formatProblem(file, { path: 'name', message: `"${result.policy.name}" is also used by ${clash}` })}\n`,
      );
      continue;
    }
    names.set(result.policy.name, file);
    io.stdout.write(`${file}: valid (policy ${result.policy.name})\n`);
  }
  if (failed) throw new CliExit(EXIT_FAILED);
}

/** Accepts a bare retryStrategy, or any object that holds one under `retryStrategy` (a job definition). */
function extractRetryStrategy(json: unknown): { value: unknown; at: string } {
  if (typeof json === 'object' && json !== null && 'retryStrategy' in json) {
    return { value: (json as { retryStrategy: unknown }).retryStrategy, at: 'retryStrategy' };
  }
  return { value: json, at: '' };
}

async function importStrategy(file: string, options: { name: string }, io: CliIo): Promise<void> {
  if (!POLICY_NAME.test(options.name)) {
    io.stderr.write(
      `--name ${JSON.stringify(options.name)}: must be 1-64 letters, digits, ".", "_" or "-"\n`,
    );
    throw new CliExit(EXIT_BAD_INPUT);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    io.stderr.write(`${file}: (document): cannot be read as JSON: ${(error as Error).message}\n`);
    throw new CliExit(EXIT_BAD_INPUT);
  }
  const { value, at } = extractRetryStrategy(json);
  const parsed = nativeRetryStrategySchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    for (const problem of problemsFromIssues(parsed.error.issues)) {
      const path = [at, problem.path].filter((s) => s !== '').join(problem.path.startsWith('[') ? '' : '.');
      io.stderr.write(`${formatProblem(file, { path, message: problem.message })}\n`);
    }
    throw new CliExit(EXIT_FAILED);
  }
  const document = {
    schemaVersion: 1,
    name: options.name,
    description:
      `Imported from the AWS Batch retryStrategy in ${file}: behaves as Batch would (first matching ` +
      'rule wins, no match means RETRY, attempts count every run), with no wait between attempts.',
    batchCompatible: true,
    rules: rulesFromRetryStrategy(parsed.data).map(({ regex: _regex, ...rule }) => rule),
    defaultAction: 'RETRY',
    budgets: { total: parsed.data.attempts ?? 1 },
    backoff: { strategy: 'fixed', baseSeconds: 0, jitter: 'none' },
    breaker: { enabled: false },
  };
  const check = policySchema.safeParse(document);
  if (!check.success) {
    for (const issue of check.error.issues) {
      io.stderr.write(`${formatProblem(file, { path: jsonPath(issue.path), message: issue.message })}\n`);
    }
    throw new CliExit(EXIT_FAILED);
  }
  io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  if (options.name !== DEFAULT_POLICY_NAME) io.stderr.write(`${unmatchedHint(options.name)}\n`);
}

/** What an imported policy (which has no `match`) governs, and how to widen it; printed on stderr. */
function unmatchedHint(name: string): string {
  return (
    `note: policy ${name} has no "match", so it governs only jobs tagged ${POLICY_TAG}=${name}. ` +
    'To govern jobs by queue, job definition, job name or tag, add a "match" block ' +
    '(e.g. "match": {"jobDefinitions": ["etl-*"]}); to govern every job no other policy matches, ' +
    `import it with --name ${DEFAULT_POLICY_NAME}.`
  );
}

/**
 * `batch-retry policy ...`: validate, schema and import work on files; push, list, show and diff
 * talk to SSM Parameter Store (see policy-store.ts).
 */
export function registerPolicyCommand(program: Command, io: CliIo): void {
  const policy = program
    .command('policy')
    .description('write, check and store retry policies in SSM Parameter Store');
  policy
    .command('validate')
    .description('Check policy files; exit 1 with one line per problem: <file>: <json path>: <message>.')
    .argument('<file...>', 'policy JSON files')
    .action((files: string[]) => validate(files, io));
  policy
    .command('schema')
    .description('Print the JSON Schema of a policy document (for editor completion).')
    .action(() => {
      io.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
    });
  policy
    .command('import')
    .description(
      'Convert an AWS Batch retryStrategy (bare, or inside a job definition) into a policy that behaves exactly as Batch would. ' +
        'Prints the policy on stdout; it has no "match", so unless it is named default it governs only jobs tagged batch-retry:policy=<name>.',
    )
    .argument('<retryStrategy.json>', 'file holding {"attempts": n, "evaluateOnExit": [...]}')
    .option('--name <name>', 'name of the new policy', 'imported')
    .action((file: string, options: { name: string }) => importStrategy(file, options, io));
  registerPolicyStoreCommands(policy, io);
}
