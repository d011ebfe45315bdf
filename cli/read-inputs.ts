import { type NormalisedJob, readEvents } from '#core/events/index.js';
import { readEventsFile } from './event-files.js';
import { CliExit, type CliIo, EXIT_BAD_INPUT } from './io.js';

/** One usable event of an input, and where it was read (`<file>` or `<file>[<n>]`, `stdin` for `-`). */
export interface InputEvent {
  readonly source: string;
  readonly job: NormalisedJob;
}

/**
 * The Batch job state change events of a command's inputs, in order: each input is a file (one
 * event, a JSON array, JSON lines or a CloudWatch Logs export) or `-` for stdin. Iterating yields
 * the usable events; each unusable one (or unreadable input) is reported on stderr as
 * `error: <input>: <field>: <problem>` and skipped, so the others are still handled. Iterate once,
 * then call {@link InputEvents.exitIfAnyUnusable}.
 */
export class InputEvents implements AsyncIterable<InputEvent> {
  readonly #inputs: readonly string[];
  readonly #io: CliIo;
  #used = 0;
  #unusable = 0;

  constructor(inputs: readonly string[], io: CliIo) {
    this.#inputs = inputs;
    this.#io = io;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<InputEvent> {
    for (const input of this.#inputs) {
      const results = input === '-' ? readEvents(this.#io.stdin, 'stdin') : readEventsFile(input);
      for await (const result of results) {
        if ('error' in result) {
          this.#unusable++;
          this.#io.stderr.write(`error: ${result.error.message}\n`);
          continue;
        }
        this.#used++;
        yield result;
      }
    }
  }

  /**
   * When any event could not be used, says how many on stderr (`verb` names what the command does
   * with an event: "classified") with what to do, and exits 2 (EXIT_BAD_INPUT).
   */
  exitIfAnyUnusable(verb: string): void {
    if (this.#unusable === 0) return;
    this.#io.stderr.write(
      `${this.#unusable} event(s) could not be ${verb} (${this.#used} ${verb}). Each line above names the input, the field and the problem; fix or remove those events and run again.\n`,
    );
    throw new CliExit(EXIT_BAD_INPUT);
  }
}
