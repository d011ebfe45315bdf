import type { InMemoryPolicySource } from '#adapters/memory/index.js';
import { InvalidPolicyError } from '#core/policy/index.js';
import { CliExit, type CliIo, EXIT_FAILED } from './io.js';
import { policySourceFromFiles } from './policy-files.js';

/**
 * Reads and validates the policy files `paths` for a command that needs every one of them valid.
 * When one is invalid, prints each of its problems (`<file>: <json path>: <problem>`, as `policy
 * validate` prints them), then `notDone` (what the command therefore did not do, such as "Nothing was
 * simulated.") and how to go on, and exits 1 (EXIT_FAILED). Other errors (a missing file) propagate.
 */
export async function loadPolicyFiles(
  paths: readonly string[],
  io: CliIo,
  notDone: string,
): Promise<InMemoryPolicySource> {
  try {
    return await policySourceFromFiles(paths);
  } catch (error) {
    if (!(error instanceof InvalidPolicyError)) throw error;
    io.stderr.write(
      `error: ${error.message}\n${notDone} Fix the policy (\`batch-retry policy validate ${error.input}\` lists every problem) and run again.\n`,
    );
    throw new CliExit(EXIT_FAILED);
  }
}
