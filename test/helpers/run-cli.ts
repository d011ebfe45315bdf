import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '#cli/kit/index.js';
import { main } from '#cli/main.js';

/** What one in-process run of the CLI printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects everything written to a stream as it is written, as a reader on a pipe would. */
function collected(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/**
 * Runs `batch-retry <args>` in-process and collects what it wrote. `stdin` is the text of standard
 * input, or a stream the test keeps writing to; `io` replaces other parts (an interrupt source).
 */
export async function runCli(
  args: readonly string[],
  stdin: string | Buffer | Readable = '',
  io: Partial<CliIo> = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collected(stdout);
  const err = collected(stderr);
  const input = stdin instanceof Readable ? stdin : new PassThrough().end(stdin);
  const code = await main(['node', 'batch-retry', ...args], { stdout, stderr, stdin: input, ...io });
  return { code, stdout: out(), stderr: err() };
}

/** Writes `content` to a new file `name` in a fresh temporary folder and returns its path. */
export function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'batch-retry-')), name);
  writeFileSync(path, content);
  return path;
}
