import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The command as users run it: bin/batch-retry.js, which runs the bundle in dist/cli. */
export const BIN = fileURLToPath(new URL('../../bin/batch-retry.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a child process of `batch-retry` ended, and what it printed. */
export interface BinRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `batch-retry <args>` as a child process in the project root; `env` is added to the environment. */
export function startBin(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
}

/** Collects a child's output and waits for it to end. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<BinRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
  });
}

/** Runs `batch-retry <args>` as a child process with `stdin` as its standard input. */
export async function runBin(
  args: readonly string[],
  stdin = '',
  env: NodeJS.ProcessEnv = {},
): Promise<BinRun> {
  const child = startBin(args, env);
  const done = finished(child);
  child.stdin.end(stdin);
  return done;
}
