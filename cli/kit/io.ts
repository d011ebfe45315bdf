import type { Readable, Writable } from 'node:stream';

/** An output stream; `isTTY` and `columns` are set when it is a terminal. */
export type CliStream = Writable & { isTTY?: boolean; columns?: number };

/** The streams and signals a command talks to. Injected, so that tests run commands in-process. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly stdin: Readable;
  /**
   * Calls `handler` on the next Ctrl-C instead of stopping the process; returns a function that
   * removes it. A second Ctrl-C stops the process as usual. Absent: Ctrl-C cannot be caught.
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** The process's own streams, with Ctrl-C (SIGINT) as the interrupt. */
export const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  onInterrupt: (handler) => {
    process.once('SIGINT', handler);
    return () => {
      process.removeListener('SIGINT', handler);
    };
  },
};
