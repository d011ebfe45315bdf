import { EXIT_AWS, EXIT_BAD_INPUT, EXIT_FAILED } from './exit-codes.js';

/**
 * One thing wrong, printed as `batch-retry <command>: <input>: <problem>`. `input` names what the
 * operator gave (a file, `stdin`, `file.jsonl#3`, `--seed "x"`, `--profile nope`); `problem` says what
 * is wrong with it and, where it can, what to do.
 */
export interface Problem {
  readonly input: string;
  readonly problem: string;
}

/**
 * Ends a command: its problems are printed one per line, then `hint` (what was therefore not done,
 * what to do next), and the command exits with `exitCode`. Throw it from an option parser or an
 * action; {@link commandAction} and `main` print it.
 */
export class CliError extends Error {
  readonly exitCode: number;
  readonly problems: readonly Problem[];
  readonly hint: string | undefined;

  constructor(exitCode: number, problems: readonly Problem[], hint?: string) {
    super(problems.map((p) => `${p.input}: ${p.problem}`).join('; '));
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.problems = problems;
    this.hint = hint;
  }
}

/** Ends a command whose problems are already printed, with `exitCode`. */
export class CliExit extends Error {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
    this.exitCode = exitCode;
  }
}

/** Something the operator gave cannot be used (exit 2): a file, a value, a name. */
export function unusableInput(input: string, problem: string, hint?: string): CliError {
  return new CliError(EXIT_BAD_INPUT, [{ input, problem }], hint);
}

/** A policy does not validate (exit 1); each problem is `<file>: <json path>: <message>`. */
export function invalidPolicy(problems: readonly Problem[], hint?: string): CliError {
  return new CliError(EXIT_FAILED, problems, hint);
}

/** AWS refused the request or could not be reached (exit 3). */
export function awsFailure(input: string, problem: string, hint?: string): CliError {
  return new CliError(EXIT_AWS, [{ input, problem }], hint);
}
