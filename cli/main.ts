import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerClassifyCommand } from './commands/classify.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerLineageCommand } from './commands/lineage.js';
import { registerNormaliseCommand } from './commands/normalise.js';
import { registerPolicyCommand } from './commands/policy.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { CliExit, type CliIo, EXIT_BAD_INPUT, processIo } from './io.js';

/** Each command module adds itself to the program. Keep this list in the order `--help` shows. */
const COMMANDS: ReadonlyArray<(program: Command, io: CliIo) => void> = [
  registerNormaliseCommand,
  registerClassifyCommand,
  registerSimulateCommand,
  registerCompareCommand,
  registerExplainCommand,
  registerReplayCommand,
  registerLineageCommand,
  registerPolicyCommand,
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Builds the `batch-retry` program. Exported for tests that inspect `--help`. */
export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command('batch-retry')
    .description(
      'Classify failed AWS Batch jobs and retry them under policies the native retryStrategy cannot express.',
    )
    .version(version(), '-V, --version', 'print the version and exit')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const register of COMMANDS) register(program, io);
  program.addHelpText(
    'after',
    `
Examples:
  batch-retry simulate                              the three walkthrough scenarios, on the simulator
  batch-retry classify events.jsonl                 why each job failed, with the evidence
  batch-retry explain event.json --policy p.json    what batch-retry would do with one event, and why
  batch-retry policy validate examples/policies/*.json
  batch-retry lineage <jobId> --table <ledger>      everything batch-retry did for a job

Every command has --help. Docs: docs/ (policy.md, classification.md, operations.md).`,
  );
  return program;
}

/** Runs the CLI and resolves to the process exit code; never calls process.exit itself. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    throw error;
  }
}
