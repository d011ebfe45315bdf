import { CliExit, type CliIo, EXIT_BAD_INPUT } from './io.js';

/** Parsers for option values that several commands share, for commander's `.option(..., parser)`. */

/** Collects a repeatable option (`--policy a --policy b`) into a list, in the order given. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Parses `--seed <n>`: a whole number of at most 15 digits, or undefined when the option was not
 * given. Anything else is reported on stderr and exits 2 (EXIT_BAD_INPUT).
 */
export function parseSeed(text: string | undefined, io: CliIo): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d{1,15}$/.test(text)) {
    io.stderr.write(`error: --seed ${JSON.stringify(text)} is not a whole number; give one like --seed 7\n`);
    throw new CliExit(EXIT_BAD_INPUT);
  }
  return Number(text);
}
