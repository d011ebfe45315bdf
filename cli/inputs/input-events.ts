import type { NormalisedJob } from '#core/events/index.js';
import { CliExit, type CommandContext, EXIT_BAD_INPUT } from '../kit/index.js';
import { openEventInputs } from './event-inputs.js';

/** One usable event of an input, and where it was read (`<file>`, `<file>#<n>`, `stdin#<n>`). */
export interface InputEvent {
  readonly source: string;
  readonly job: NormalisedJob;
}

/**
 * The usable events of a command's inputs, in order (see openEventInputs for what an input may
 * be). Each problem of an unusable event or input is reported as `<source>: <field>: <problem>` and
 * the event skipped, so the others are still handled. Iterate once, then call
 * {@link InputEvents.exitIfAnyUnusable}.
 */
export class InputEvents implements AsyncIterable<InputEvent> {
  readonly #inputs: readonly string[];
  readonly #context: CommandContext;
  #used = 0;
  #unusable = 0;

  constructor(inputs: readonly string[], context: CommandContext) {
    this.#inputs = inputs;
    this.#context = context;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<InputEvent> {
    const { results } = await openEventInputs(this.#inputs, this.#context.io.stdin);
    for await (const result of results) {
      if ('job' in result) {
        this.#used++;
        yield result;
        continue;
      }
      this.#unusable++;
      for (const { field, problem } of result.error.problems) {
        this.#context.report.problem({
          input: result.source,
          problem: field === '' ? problem : `${field}: ${problem}`,
        });
      }
    }
  }

  /**
   * When any event or input could not be used, says how many, and what to do, and ends the command
   * with exit 2 (EXIT_BAD_INPUT). `verb` is what the command does with an event: "classified".
   */
  exitIfAnyUnusable(verb: string): void {
    if (this.#unusable === 0) return;
    const { report } = this.#context;
    report.finish();
    report.say(
      `${this.#unusable.toLocaleString('en-US')} of ${(this.#used + this.#unusable).toLocaleString('en-US')} ` +
        `events or inputs could not be ${verb}; fix or remove them and run again`,
    );
    throw new CliExit(EXIT_BAD_INPUT);
  }
}
