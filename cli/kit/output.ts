import { once } from 'node:events';
import { Option } from 'commander';
import { unusableInput } from './errors.js';
import type { CliStream } from './io.js';

/** How a command prints its result on stdout. */
export type OutputFormat = 'text' | 'json';

const FORMATS: readonly OutputFormat[] = ['text', 'json'];

/** The options {@link outputOptions} adds, as commander parses them. */
export interface OutputOptionValues {
  readonly output?: OutputFormat;
  readonly json?: boolean;
}

function parseFormat(value: string): OutputFormat {
  const format = FORMATS.find((f) => f === value.toLowerCase());
  if (format === undefined) {
    throw unusableInput(`--output ${JSON.stringify(value)}`, `is not a format; use ${FORMATS.join(' or ')}`);
  }
  return format;
}

/**
 * `--output <format>` (text or json) and `--json`, its short form, for a command with a JSON form.
 * `json` says what the JSON form is, e.g. "one JSON object per event".
 */
export function outputOptions(json: string): Option[] {
  return [
    new Option('--output <format>', `text, or json: ${json}`).argParser(parseFormat).default('text', 'text'),
    new Option('--json', 'same as --output json').conflicts('output'),
  ];
}

/** The format chosen with {@link outputOptions}. */
export function outputFormat(options: OutputOptionValues): OutputFormat {
  return options.json === true ? 'json' : (options.output ?? 'text');
}

/** Output gathered before it is written in one go, in characters. */
const BATCH_CHARS = 64 * 1024;

/**
 * Writes a command's result to stdout in batches (one write per 64 KiB, or per turn of the event
 * loop, so a slow trickle of input still shows at once), waiting whenever the reader is slower than
 * the command, so memory stays bounded however much is printed. A reader that goes away (a closed
 * pipe) rejects the wait with its EPIPE error; the process entry point ends quietly on it.
 */
export class Output {
  readonly #stream: CliStream;
  #batch: string[] = [];
  #size = 0;
  #scheduled = false;

  constructor(stream: CliStream) {
    this.#stream = stream;
  }

  /** Writes `text` as is. */
  async write(text: string): Promise<void> {
    this.#batch.push(text);
    this.#size += text.length;
    if (this.#size >= BATCH_CHARS) {
      await this.flush();
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#send();
      });
    }
  }

  /** Writes `text` and a line break. */
  async line(text: string): Promise<void> {
    await this.write(`${text}\n`);
  }

  /** Writes each line of `lines`, each with a line break. */
  async lines(lines: Iterable<string>): Promise<void> {
    for (const line of lines) await this.line(line);
  }

  /** Writes what is gathered; resolves once the stream can take more. */
  async flush(): Promise<void> {
    if (!this.#send()) await once(this.#stream, 'drain');
  }

  /** Writes the batch; false when the stream asks the writer to wait for 'drain'. */
  #send(): boolean {
    if (this.#size === 0) return true;
    const text = this.#batch.join('');
    this.#batch = [];
    this.#size = 0;
    return this.#stream.write(text);
  }
}
