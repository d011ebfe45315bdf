import { readFileSync, utimesSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventFixtureText } from '../../fixtures/events/load-fixture.js';
import { finished, runBin, startBin } from '../../helpers/run-bin.js';

/** A small failed job, as aws batch describe-jobs prints one: 130,000 of them are 27 MB. */
const SMALL_JOB = JSON.stringify({
  jobId: '07ab1a9f-805a-4700-b479-9236485261eb',
  jobName: 'nightly',
  jobQueue: 'spot-queue',
  jobDefinition: 'etl:1',
  status: 'FAILED',
  attempts: [{ container: { exitCode: 1 } }],
});
const EVENT_LINE = JSON.stringify(JSON.parse(eventFixtureText('application-exit-1')));

describe('batch-retry as a process, as users run it (bin/batch-retry.js and its bundle)', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

    const { code, stdout, stderr } = await runBin(['--version']);

    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('classifies 130,000 events from stdin into one table, without a stack overflow', async () => {
    const { code, stdout, stderr } = await runBin(['classify', '-'], `${SMALL_JOB}\n`.repeat(130_000));

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(130_001);
    expect(lines[130_000]).toMatch(/^stdin#129999 +07ab1a9f-.* +FAILED +application +exit-code +no /);
  });

  it.each([
    ['normalise', ['normalise', '-']],
    ['classify --json', ['classify', '--json', '-']],
    ['explain', ['explain', '-']],
  ])('ends quietly with exit 0 when the reader closes the pipe (%s | head -1)', async (_name, args) => {
    const child = startBin(args);
    const done = finished(child);
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => {});
    child.stdin.end(`${EVENT_LINE}\n`.repeat(5_000));

    const { code, stderr } = await done;

    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('prints the report of what was read when Ctrl-C stops a replay, and exits 130', async () => {
    const child = startBin(['replay', '-', '--policy', 'examples/policies/default.json']);
    const done = finished(child);
    // The write completes only once the replay has read all but the last 64 KiB (the pipe's buffer),
    // so the replay is reading when Ctrl-C arrives; stdin stays open, as when a person is typing.
    await new Promise<void>((resolve, reject) =>
      child.stdin.write(`${EVENT_LINE}\n`.repeat(1_000), (error) => (error ? reject(error) : resolve())),
    );

    child.kill('SIGINT');
    const { code, stdout, stderr } = await done;

    expect(code).toBe(130);
    expect(stdout).toMatch(
      /^Interrupted \(Ctrl-C\): this report covers only the [\d,]+ events read before it\.\n/,
    );
    expect(stdout).toContain('Given up, by reason:');
    expect(stderr).toBe(
      'batch-retry replay: interrupted (Ctrl-C); the report covers the events read until then\n',
    );
  });

  it('rebuilds its bundle first when a source file is newer than it, so it always runs the code in the tree', async () => {
    const builtFrom = () =>
      (JSON.parse(readFileSync('dist/cli/inputs.json', 'utf8')) as { startedAt: number }).startedAt;
    await runBin(['--version']);
    const before = builtFrom();
    const now = new Date();
    utimesSync('cli/project.ts', now, now);

    const { code } = await runBin(['--version']);

    expect(code).toBe(0);
    expect(builtFrom()).toBeGreaterThanOrEqual(now.getTime() - 1);
    expect(builtFrom()).toBeGreaterThan(before);
    const rebuilt = builtFrom();
    await runBin(['--version']);
    expect(builtFrom(), 'a fresh bundle is not rebuilt').toBe(rebuilt);
  });
});
