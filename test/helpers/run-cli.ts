import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '#cli/main.js';

/** What one in-process run of the CLI printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `batch-retry <args>` in-process with `stdin` as standard input and collects what it wrote. */
export async function runCli(args: readonly string[], stdin = ''): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const input = new PassThrough();
  input.end(stdin);
  const code = await main(['node', 'batch-retry', ...args], { stdout, stderr, stdin: input });
  stdout.end();
  stderr.end();
  const text = async (stream: PassThrough) => (await stream.toArray()).join('');
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

/** Writes `content` to a new file `name` in a fresh temporary folder and returns its path. */
export function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'batch-retry-')), name);
  writeFileSync(path, content);
  return path;
}
