import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '#cli/main.js';
import type { ReplayReport } from '#cli/replay/report.js';
import {
  EVENT_FIXTURE_NAMES,
  eventFixtureText,
  loadEventFixture,
} from '../../fixtures/events/load-fixture.js';
import { runCli, tempFile } from '../../helpers/run-cli.js';

const FIXTURES = 'test/fixtures/events';
const DEFAULT_POLICY = 'examples/policies/default.json';
const PRODUCTION_POLICY = 'examples/policies/production.json';

/** One line per event, as an EventBridge archive or a `jq -c` export holds them. */
function jsonLines(...names: string[]): string {
  return `${names.map((name) => JSON.stringify(JSON.parse(eventFixtureText(name)))).join('\n')}\n`;
}

describe('batch-retry replay', () => {
  it('prints a table per failure class and the alerts that would have been sent', async () => {
    const file = tempFile(
      'events.jsonl',
      jsonLines('ec2-spot-host-terminated', 'application-exit-1', 'application-exit-3', 'succeeded'),
    );

    const { code, stdout, stderr } = await runCli(['replay', file, '--policy', DEFAULT_POLICY]);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Replayed 4 events from 2024-.* under policies default v1\.$/);
    expect(lines).toContain('CLASS           EVENTS  RETRIED  GIVEN UP  IGNORED  DUPLICATES');
    expect(lines).toContain('infrastructure       1        1         0        0           0');
    expect(lines).toContain('application          2        0         2        0           0');
    expect(lines).toContain('all failures         3        1         2        0           0');
    expect(stdout).toContain('Alerts that would have been sent: 2 in 2 group(s)');
    expect(stdout).toMatch(
      / {2}1 {2}GAVE_UP\|application\|spot-queue\|ledger-reconcile\|cause:exit-code\n +Gave up on Batch job /,
    );
    expect(stdout).toMatch(/First alert in full: Job .* batch-retry did not resubmit it: /);
  });

  it('prints one JSON object with the classes, totals, alerts, unparseable inputs and bounds', async () => {
    const file = tempFile('events.jsonl', jsonLines('ec2-out-of-memory-137', 'ec2-spot-host-terminated'));

    const { code, stdout } = await runCli(['replay', file, '--policy', DEFAULT_POLICY, '--json']);

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ReplayReport;
    expect(Object.keys(report).slice(0, 8)).toEqual([
      'classes',
      'totals',
      'givenUpReasons',
      'ignoredReasons',
      'interrupted',
      'alerts',
      'unparseable',
      'outOfOrder',
    ]);
    expect(report.classes).toEqual({
      infrastructure: { events: 1, retried: 1, givenUp: 0, ignored: 0, duplicates: 0 },
      resource: { events: 1, retried: 0, givenUp: 1, ignored: 0, duplicates: 0 },
    });
    expect(report).toMatchObject({
      unparseable: { count: 0, first: [] },
      outOfOrder: 0,
      evicted: 0,
      peakLineages: 2,
      maxLineages: 20_000,
      reorderWindow: 10_000,
      policies: [{ name: 'default', version: 1 }],
    });
    expect(report.alerts).toEqual([
      expect.objectContaining({
        kind: 'GAVE_UP',
        fingerprint: 'GAVE_UP|resource|spot-queue|genome-align-chr7|cause:out-of-memory',
        count: 1,
      }),
    ]);
  });

  it('reads every event file in a folder, whatever the order of the options and the inputs', async () => {
    const { code, stdout } = await runCli([
      'replay',
      '--policy',
      DEFAULT_POLICY,
      '--json',
      FIXTURES,
      '--policy',
      PRODUCTION_POLICY,
    ]);

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ReplayReport;
    const statuses = EVENT_FIXTURE_NAMES.map(
      (name) => (loadEventFixture(name).detail as { status: string }).status,
    );
    expect(report.totals.events).toBe(EVENT_FIXTURE_NAMES.length);
    expect(report.totals.failed).toBe(statuses.filter((s) => s === 'FAILED').length);
  });

  it('reads stdin for -', async () => {
    const { code, stdout } = await runCli(
      ['replay', '-', '--policy', DEFAULT_POLICY, '--json'],
      jsonLines('application-exit-2', 'fargate-spot-interruption'),
    );

    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ReplayReport).totals).toMatchObject({ events: 2, retried: 1, givenUp: 1 });
  });

  it('prints the report and exits 2 when some lines are not usable events', async () => {
    const file = tempFile(
      'events.jsonl',
      `${jsonLines('application-exit-1')}not json\n{"detail-type": "x"}\n`,
    );

    const { code, stdout, stderr } = await runCli(['replay', file, '--policy', DEFAULT_POLICY]);

    expect(code).toBe(2);
    expect(stdout).toContain('Replayed 1 event at');
    expect(stdout).toContain('Could not use 2 input(s); the report above leaves them out:');
    expect(stdout).toContain(`  ${file}#1: line 2 is not JSON`);
    expect(stdout).toMatch(new RegExp(`  ${file}#2: detail-type: `));
    expect(stderr).toBe(
      'batch-retry replay: 2 input(s) or event(s) could not be used and were left out of the replay; the report ' +
        'lists the first ones with their problem\n',
    );
  });

  it('exits 2 and names the file when an input cannot be read at all', async () => {
    const { code, stdout } = await runCli(['replay', '/no/such/archive.jsonl', '--policy', DEFAULT_POLICY]);

    expect(code).toBe(2);
    expect(stdout).toContain('  /no/such/archive.jsonl: file not found; check the path');
  });

  it('exits 1 with the file, JSON path and problem when a policy is invalid', async () => {
    const policy = tempFile(
      'bad.json',
      JSON.stringify({
        schemaVersion: 1,
        name: 'bad',
        rules: [{ onClass: 'infrastructure', action: 'MAYBE' }],
      }),
    );
    const events = tempFile('events.jsonl', jsonLines('application-exit-1'));

    const { code, stdout, stderr } = await runCli(['replay', events, '--policy', policy]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`batch-retry replay: ${policy}: rules[0].action: `);
    expect(stderr).toContain(
      `batch-retry replay: Nothing was replayed. To go on, fix the policy (\`batch-retry policy validate ${policy}\` lists every problem) and run again.`,
    );
  });

  it('exits 2 on a --max-lineages that is not a whole number of at least 1', async () => {
    const events = tempFile('events.jsonl', jsonLines('application-exit-1'));

    const { code, stderr } = await runCli([
      'replay',
      events,
      '--policy',
      DEFAULT_POLICY,
      '--max-lineages',
      '0',
    ]);

    expect(code).toBe(2);
    expect(stderr).toBe('batch-retry replay: --max-lineages "0": is not a whole number of at least 1\n');
  });

  it('draws a progress line on a terminal and erases it at the end', async () => {
    const events = tempFile('events.jsonl', jsonLines('application-exit-1'));
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true });

    const code = await main(['node', 'batch-retry', 'replay', events, '--policy', DEFAULT_POLICY], {
      stdout,
      stderr,
      stdin: new PassThrough(),
    });
    stderr.end();
    const written = (await stderr.toArray()).join('');

    expect(code).toBe(0);
    const clear = '\r\u001b[K';
    expect(written.startsWith(clear)).toBe(true);
    expect(written.endsWith(clear)).toBe(true);
    expect(written.slice(clear.length, -clear.length)).toMatch(
      /^replaying {2}\[#+\] {2}100% {2}.* of .* {2}1 event {2}[\d,]+ events\/s$/,
    );
  });

  it('draws no progress line when stderr is not a terminal', async () => {
    const events = tempFile('events.jsonl', jsonLines('application-exit-1'));

    const { stderr } = await runCli(['replay', events, '--policy', DEFAULT_POLICY]);

    expect(stderr).toBe('');
  });

  it('reads a CloudWatch Logs export and a JSON array in one folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-folder-'));
    const event = JSON.stringify(JSON.parse(eventFixtureText('ec2-spot-host-terminated')));
    writeFileSync(join(dir, 'a-export.log'), `2024-05-14T04:08:29.000Z ${event}\n`);
    writeFileSync(join(dir, 'b-array.json'), `[${eventFixtureText('application-exit-1')}]`);

    const { code, stdout } = await runCli(['replay', dir, '--policy', DEFAULT_POLICY, '--json']);

    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ReplayReport).totals).toMatchObject({ events: 2, retried: 1, givenUp: 1 });
  });
});
