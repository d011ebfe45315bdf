import { InMemoryPolicySource } from '#adapters/memory/index.js';
import { type LoadedPolicy, type PolicyProblem, policyWarnings } from '#core/policy/index.js';
import { CliError, type CommandContext, EXIT_BAD_INPUT, EXIT_FAILED, type Problem } from './kit/index.js';
import { loadPolicyFile, policyFilePaths } from './policy-files.js';

/** A policy problem as the one error style prints it: the file, then `<json path>: <message>`. */
export function policyProblem(file: string, { path, message }: PolicyProblem): Problem {
  return { input: file, problem: path === '' ? message : `${path}: ${message}` };
}

/**
 * Reads and validates every policy file of `paths` (a folder means its *.json files) for a command
 * that needs them all, and reports each valid policy's warnings (settings that can never take
 * effect). Every problem of every file is reported before the command ends: exit 2 when a file cannot
 * be read, else exit 1 when a policy is invalid or two files define the same name; `notDone` says
 * what the command therefore did not do ("Nothing was simulated.").
 */
export async function loadPolicyFiles(
  paths: readonly string[],
  context: CommandContext,
  notDone: string,
): Promise<InMemoryPolicySource> {
  const problems: Problem[] = [];
  let unreadable = false;
  const loaded: LoadedPolicy[] = [];
  const files = await policyFilePaths(paths);
  if (files.length === 0 && paths.length > 0) {
    problems.push({ input: paths.join(', '), problem: 'holds no *.json policy file' });
    unreadable = true;
  }
  for (const file of files) {
    const result = await loadPolicyFile(file, context.io.stdin);
    if ('unreadable' in result) {
      unreadable = true;
      problems.push({ input: file, problem: result.unreadable });
    } else if (!result.ok) {
      problems.push(...result.problems.map((p) => policyProblem(file, p)));
    } else if (loaded.some((p) => p.name === result.policy.name)) {
      problems.push({
        input: file,
        problem: `name: "${result.policy.name}" is already defined by another file`,
      });
    } else {
      loaded.push({ name: result.policy.name, version: 1, policy: result.policy });
      for (const warning of policyWarnings(result.policy))
        context.report.warning(policyProblem(file, warning));
    }
  }
  if (problems.length > 0) {
    const fix = unreadable
      ? 'check the --policy paths'
      : `fix the policy (\`batch-retry policy validate ${files.join(' ')}\` lists every problem)`;
    throw new CliError(
      unreadable ? EXIT_BAD_INPUT : EXIT_FAILED,
      problems,
      `${notDone} To go on, ${fix} and run again.`,
    );
  }
  return new InMemoryPolicySource(loaded);
}
