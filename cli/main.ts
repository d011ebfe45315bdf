import { type Command, Command as CommanderCommand, CommanderError } from 'commander';
import {
  CliError,
  CliExit,
  type CliIo,
  configureHelpStyle,
  EXIT_BAD_INPUT,
  EXIT_INTERNAL,
  EXIT_OK,
  processIo,
  Reporter,
  reportError,
  textWidth,
} from './kit/index.js';
import { projectVersion } from './project.js';

/** Adds one command (and its subcommands) to the program. */
type Register = (program: Command, io: CliIo) => void;

/**
 * Every command, in the order `--help` lists them. Each is loaded only when it runs (or for the full
 * help), so a command pays only for what it uses: `--version` loads none.
 */
const COMMANDS: ReadonlyArray<{ readonly name: string; readonly load: () => Promise<Register> }> = [
  { name: 'normalise', load: async () => (await import('./commands/normalise.js')).registerNormaliseCommand },
  { name: 'classify', load: async () => (await import('./commands/classify.js')).registerClassifyCommand },
  { name: 'simulate', load: async () => (await import('./commands/simulate.js')).registerSimulateCommand },
  { name: 'compare', load: async () => (await import('./commands/compare.js')).registerCompareCommand },
  { name: 'explain', load: async () => (await import('./commands/explain.js')).registerExplainCommand },
  { name: 'replay', load: async () => (await import('./commands/replay.js')).registerReplayCommand },
  { name: 'lineage', load: async () => (await import('./commands/lineage.js')).registerLineageCommand },
  { name: 'retry', load: async () => (await import('./commands/retry.js')).registerRetryCommand },
  {
    name: 'cancel-retry',
    load: async () => (await import('./commands/cancel-retry.js')).registerCancelRetryCommand,
  },
  { name: 'pause', load: async () => (await import('./commands/pause.js')).registerPauseCommand },
  { name: 'resume', load: async () => (await import('./commands/pause.js')).registerResumeCommand },
  { name: 'policy', load: async () => (await import('./commands/policy.js')).registerPolicyCommand },
];

const EXAMPLES = `
Examples:
  batch-retry simulate                              the three walkthrough scenarios, on the simulator
  batch-retry classify events.jsonl                 why each job failed, with the evidence
  batch-retry explain event.json --policy p.json    what batch-retry would do with one event, and why
  batch-retry policy validate examples/policies/*.json
  batch-retry lineage <jobId> --table <ledger>      everything batch-retry did for a job
  batch-retry lineage wait <jobId> --timeout 2h     wait for the lineage to end (exit 0 recovered, 1 gave up)

Every command has --help. Exit codes and the error format: docs/cli.md.`;

/** The command named on the command line (the first word that is not an option), if any. */
function requestedCommand(args: readonly string[]): string | undefined {
  return args.find((arg) => !arg.startsWith('-'));
}

/**
 * Builds the `batch-retry` program with the command `args` name, or every command when they name
 * none or an unknown one (the full help, and the "did you mean" of a typo, need them all).
 */
export async function buildProgram(io: CliIo = processIo, args: readonly string[] = []): Promise<Command> {
  const program = new CommanderCommand('batch-retry')
    .description('classify failed AWS Batch jobs and retry them under policies')
    .version(projectVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    // Options after a subcommand are its own (`lineage list --table t` is list's --table, not lineage's).
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => {},
    })
    .exitOverride();
  configureHelpStyle(program, textWidth(io.stdout));
  const asked = requestedCommand(args);
  const known = COMMANDS.find((c) => c.name === asked);
  const wanted = args.some((a) => a === '-V' || a === '--version') && asked === undefined ? [] : COMMANDS;
  for (const command of known === undefined ? wanted : [known]) (await command.load())(program, io);
  program.addHelpText('after', EXAMPLES);
  return program;
}

/** The command the arguments name (`policy validate`), as far as the program knows it. */
function commandPath(program: Command, args: readonly string[]): string {
  const names: string[] = [];
  let current = program;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const sub = current.commands.find((c) => c.name() === arg);
    if (sub === undefined) break;
    names.push(sub.name());
    current = sub;
  }
  return names.join(' ');
}

/**
 * Runs the CLI and resolves to the process exit code (docs/cli.md); never calls process.exit and
 * never lets a stack trace out: every failure is one line in the style `batch-retry <command>: ...`.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const args = argv.slice(2);
  let program: Command | undefined;
  try {
    program = await buildProgram(io, args);
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    const name = program === undefined ? '' : commandPath(program, args);
    return exitCodeFor(error, new Reporter(io, name), name);
  }
}

function exitCodeFor(error: unknown, report: Reporter, name: string): number {
  if (error instanceof CliExit) return error.exitCode;
  if (error instanceof CliError) {
    reportError(report, error);
    return error.exitCode;
  }
  if (error instanceof CommanderError) {
    // Help and version were printed by commander; `batch-retry` alone prints the help on stderr.
    if (error.exitCode === 0) return EXIT_OK;
    if (error.code === 'commander.help') return EXIT_BAD_INPUT;
    const help = `batch-retry ${name === '' ? '' : `${name} `}--help`;
    report.say(`${error.message.replace(/^error: /, '')}; ${help} shows the usage`);
    return EXIT_BAD_INPUT;
  }
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return EXIT_OK;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  report.say(
    `internal error: ${message}. This is a bug in batch-retry; please report it with the command you ran ` +
      '(BATCH_RETRY_DEBUG=1 prints the stack trace)',
  );
  if (process.env.BATCH_RETRY_DEBUG === '1' && error instanceof Error && error.stack !== undefined) {
    report.say(error.stack);
  }
  return EXIT_INTERNAL;
}
