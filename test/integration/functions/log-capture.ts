import { vi } from 'vitest';

/** One structured log line as Powertools Logger prints it (`level`, `message`, then extra keys). */
export type LogLine = Readonly<Record<string, unknown>> & {
  readonly level: string;
  readonly message: string;
};

function parseLines(chunk: unknown, into: LogLine[]): void {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      into.push(JSON.parse(line) as LogLine);
    } catch {
      // Not a Powertools line (a fragment of something else); nothing to assert on.
    }
  }
}

/** The line buffers of the captures running now; the spies are installed while there is one. */
const active = new Set<LogLine[]>();
let restore: (() => void) | undefined;

/**
 * Runs `work` while capturing what it writes to stdout and stderr: Powertools Logger prints JSON
 * lines through a `Console` bound to both streams (INFO and DEBUG on stdout, WARN and ERROR on
 * stderr). The output is swallowed, so test runs stay quiet, and returned parsed. Captures may
 * overlap (concurrent invocations): each then gets every line written while it ran.
 */
export async function withCapturedLogs<T>(work: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  if (restore === undefined) {
    const capture = (chunk: unknown): boolean => {
      const parsed: LogLine[] = [];
      parseLines(chunk, parsed);
      for (const buffer of active) buffer.push(...parsed);
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    restore = () => {
      stdout.mockRestore();
      stderr.mockRestore();
    };
  }
  active.add(lines);
  try {
    return { result: await work(), lines };
  } finally {
    active.delete(lines);
    if (active.size === 0) {
      restore?.();
      restore = undefined;
    }
  }
}
