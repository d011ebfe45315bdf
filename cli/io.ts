import type { Readable, Writable } from 'node:stream';

/** The streams a command talks to. Injected so that tests run commands in-process. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: Readable;
}

export const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
/** A check failed (an invalid policy, a failed validation). */
export const EXIT_FAILED = 1;
/** Some input could not be used (not JSON, not a Batch job state change event, a missing file). */
export const EXIT_BAD_INPUT = 2;

/** Raised by a command to end with a given exit code after it has printed what went wrong. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
