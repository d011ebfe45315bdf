import type { Problem } from './errors.js';
import type { CliIo } from './io.js';

/** Problem lines printed per command run; the rest are counted, and the count is printed. */
const MAX_PROBLEM_LINES = 20;
/** Longest line printed on stderr, in characters; a longer one is cut and marked `...`. */
const MAX_LINE_CHARS = 2_000;

/** Text on one line: line breaks and tabs become spaces, and a very long text is cut. */
function oneLine(text: string): string {
  const flat = text.replace(/\s*[\r\n\t]+\s*/g, ' ').trim();
  return flat.length > MAX_LINE_CHARS ? `${flat.slice(0, MAX_LINE_CHARS - 3)}...` : flat;
}

/**
 * Everything a command says on stderr, in the one style of docs/cli.md: every line starts with
 * `batch-retry <command>: `; a problem is `<input>: <problem>` on one line, a warning
 * `warning: <input>: <problem>`. At most {@link MAX_PROBLEM_LINES} problems and warnings are printed
 * per run; {@link Reporter.finish} says how many more there were.
 */
export class Reporter {
  readonly #io: CliIo;
  readonly #prefix: string;
  readonly #maxLines: number;
  #problems = 0;
  #warnings = 0;
  #printed = 0;
  #hiddenSaid = 0;

  /** `command` is the command as typed, without options: `classify`, `policy validate`. */
  constructor(io: CliIo, command: string, maxLines = MAX_PROBLEM_LINES) {
    this.#io = io;
    this.#prefix = command === '' ? 'batch-retry: ' : `batch-retry ${command}: `;
    this.#maxLines = maxLines;
  }

  /** Problems reported so far. */
  get problems(): number {
    return this.#problems;
  }

  /** Warnings reported so far. */
  get warnings(): number {
    return this.#warnings;
  }

  /** Reports something that could not be used. */
  problem({ input, problem }: Problem): void {
    this.#problems++;
    this.#capped(`${input}: ${problem}`);
  }

  /** Reports something that works but is probably not what was meant. */
  warning({ input, problem }: Problem): void {
    this.#warnings++;
    this.#capped(`warning: ${input}: ${problem}`);
  }

  /** A line that is never capped: a summary, what was not done, what to do next. */
  say(text: string): void {
    this.#io.stderr.write(`${this.#prefix}${oneLine(text)}\n`);
  }

  /** Says how many problem and warning lines were left out since it last said so, if any. */
  finish(): void {
    const hidden = this.#problems + this.#warnings - this.#printed - this.#hiddenSaid;
    this.#hiddenSaid += hidden;
    if (hidden > 0) {
      this.say(
        `${hidden} more problem${hidden === 1 ? '' : 's'} not shown (the first ${this.#printed} are above)`,
      );
    }
  }

  #capped(text: string): void {
    if (this.#printed >= this.#maxLines) return;
    this.#printed++;
    this.say(text);
  }
}
