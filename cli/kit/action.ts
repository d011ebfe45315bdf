import type { Command } from 'commander';
import { CliError, CliExit } from './errors.js';
import type { CliIo } from './io.js';
import { Output } from './output.js';
import { Reporter } from './reporter.js';
import { textWidth } from './terminal.js';

/** What a command's action works with: its streams, its stderr reporter and its stdout writer. */
export interface CommandContext {
  readonly io: CliIo;
  /** The command as typed, without options: `classify`, `policy validate`. */
  readonly name: string;
  readonly report: Reporter;
  readonly out: Output;
  /** Width text on stdout may take, in columns; undefined when stdout is not a terminal (see textWidth). */
  readonly width: number | undefined;
}

/** The names from the program down to `command`, without the program's: `policy validate`. */
function commandName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent != null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Prints a {@link CliError} in the one style: its problems (capped), then its hint. */
export function reportError(report: Reporter, error: CliError): void {
  for (const problem of error.problems) report.problem(problem);
  report.finish();
  if (error.hint !== undefined) report.say(error.hint);
}

/**
 * Wraps a command's action: builds its {@link CommandContext}; a {@link CliError} thrown inside is
 * printed in the one style and ends the command with its exit code; the problem count is capped
 * and summed up at the end.
 */
export function commandAction<A extends unknown[]>(
  io: CliIo,
  run: (context: CommandContext, ...args: A) => Promise<void> | void,
): (this: Command, ...args: A) => Promise<void> {
  return async function action(this: Command, ...args: A): Promise<void> {
    const name = commandName(this);
    const report = new Reporter(io, name);
    const context = { io, name, report, out: new Output(io.stdout), width: textWidth(io.stdout) };
    try {
      await run(context, ...args);
      await context.out.flush();
    } catch (error) {
      // What was printed so far goes out before the error (unless stdout itself is what failed).
      await context.out.flush().catch(() => {});
      if (!(error instanceof CliError)) throw error;
      reportError(report, error);
      throw new CliExit(error.exitCode);
    } finally {
      report.finish();
    }
  };
}
