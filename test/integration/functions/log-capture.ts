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

/**
 * Runs `work` while capturing what it writes to stdout and stderr: Powertools Logger prints JSON
 * lines through a `Console` bound to both streams (INFO and DEBUG on stdout, WARN and ERROR on
 * stderr). The output is swallowed, so test runs stay quiet, and returned parsed.
 */
export async function withCapturedLogs<T>(work: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const capture = (chunk: unknown): boolean => {
    parseLines(chunk, lines);
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    return { result: await work(), lines };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
