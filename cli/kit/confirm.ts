import { Option } from 'commander';
import type { CommandContext } from './action.js';
import { CliError, unusableInput } from './errors.js';
import { EXIT_FAILED } from './exit-codes.js';

/** `--yes`, for every command that changes state. */
export function yesOption(): Option {
  return new Option('-y, --yes', 'do it without asking (needed when not run on a terminal)');
}

/** One line typed on `stdin` (readline is loaded only by a command that asks). */
async function readAnswer(context: CommandContext): Promise<string> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: context.io.stdin, terminal: false });
  return new Promise((resolve) => {
    lines.once('line', (line) => {
      resolve(line);
      lines.close();
    });
    lines.once('close', () => resolve(''));
  });
}

/**
 * Asks the person to confirm `plan` (what the command is about to change, in one sentence) unless
 * `yes`. On a terminal the question goes to stderr and the answer is read from stdin: anything but
 * `y` or `yes` ends the command with exit 1, nothing changed. Not on a terminal and without `--yes`,
 * the command refuses (exit 2), so a script never changes state by accident.
 */
export async function confirmChange(
  context: CommandContext,
  plan: string,
  yes: boolean | undefined,
): Promise<void> {
  if (yes === true) return;
  const stdin = context.io.stdin as { isTTY?: boolean };
  if (stdin.isTTY !== true) {
    throw unusableInput('--yes', `needed to ${plan} without a terminal to confirm on; nothing was changed`);
  }
  context.report.say(`about to ${plan}`);
  context.io.stderr.write('Proceed? [y/N] ');
  const answer = (await readAnswer(context)).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') {
    throw new CliError(EXIT_FAILED, [
      { input: 'confirmation', problem: `answered "${answer}"; nothing was changed` },
    ]);
  }
}
