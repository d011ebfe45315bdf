import type { CliStream } from './io.js';

/** Narrowest width text is fitted to, in columns, however narrow the terminal says it is. */
const MIN_COLUMNS = 40;

/**
 * How wide text printed on `stream` may be, in columns: `COLUMNS` when it is set to a number (so it
 * can be forced, also into a pipe), else the terminal's width, else undefined: printed to a pipe or a
 * file, lines are never wrapped or cut.
 */
export function textWidth(stream: CliStream, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS !== undefined && Number.isInteger(fromEnv) && fromEnv > 0) {
    return Math.max(MIN_COLUMNS, fromEnv);
  }
  if (stream.isTTY !== true) return undefined;
  return Math.max(MIN_COLUMNS, stream.columns ?? 80);
}

/** A number and the unit after it (`191 s`, `4 GiB`, `2 min`) stay on one line. */
const NUMBER_AND_UNIT = /(\d) (s|ms|min|h|days?|MiB|GiB|vCPUs?|attempts?|jobs?|events?)\b/g;
const NO_BREAK = '\u0000';

/**
 * Word-wraps `text` at `width` columns: `first` starts the first line and `rest` every other one. A
 * number is never split from its unit. With `width` undefined (output to a pipe or a file) the text
 * stays on one line.
 */
export function wrapText(text: string, width: number | undefined, first = '', rest = first): string[] {
  if (width === undefined) return [`${first}${text}`];
  const words = text.replace(NUMBER_AND_UNIT, `$1${NO_BREAK}$2`).split(/\s+/);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words.map((w) => w.replaceAll(NO_BREAK, ' '))) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** `text` cut to `width` characters, ending in `...` when cut; as is when `width` is undefined. */
export function fitText(text: string, width: number | undefined): string {
  if (width === undefined || text.length <= width) return text;
  return `${text.slice(0, Math.max(0, width - 3))}...`;
}
