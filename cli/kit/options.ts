import { Option } from 'commander';
import { unusableInput } from './errors.js';

/**
 * Option values shared by several commands, each parsed and checked in one place, so that the same
 * option says the same thing everywhere. A bad value ends the command with exit 2 (EXIT_BAD_INPUT)
 * and one line naming the option and the value.
 */

/** Collects a repeatable option (`--policy a --policy b`) into a list, in the order given. */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `text` as a whole number of at least `min`, or exits 2 naming `flag`. */
function parseWholeNumber(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (/^\d{1,15}$/.test(text.trim()) && value >= min) return value;
  throw unusableInput(
    `${flag} ${JSON.stringify(text)}`,
    `is not a whole number of at least ${min.toLocaleString('en-US')}`,
  );
}

/** Parses a seed: a whole number of at most 15 digits, negative allowed. */
function parseSeed(text: string): number {
  if (/^-?\d{1,15}$/.test(text)) return Number(text);
  throw unusableInput(`--seed ${JSON.stringify(text)}`, 'is not a whole number; give one like --seed 7');
}

/** `--seed <n>`, checked by {@link parseSeed}; `defaultShown` says what is used without it. */
export function seedOption(description: string, defaultShown: string): Option {
  return new Option('--seed <n>', description).argParser(parseSeed).default(undefined, defaultShown);
}

/**
 * `--policy <file>`: one value, repeatable, so that it never swallows the arguments after it; a
 * folder means every *.json file in it. `required` makes the command refuse to run without one.
 */
export function policyOption(description: string, required = false): Option {
  const option = new Option('--policy <file>', `${description}; repeat it, or give a folder`).argParser(
    collect,
  );
  return required ? option.makeOptionMandatory() : option.default(undefined, 'none');
}

/** A whole-number option of at least `min`, with its default. */
export function wholeNumberOption(flags: string, description: string, min: number, value: number): Option {
  const flag = flags.split(/[ ,]/)[0] ?? flags;
  return new Option(flags, description)
    .argParser((text: string) => parseWholeNumber(flag, text, min))
    .default(value, value.toLocaleString('en-US'));
}
