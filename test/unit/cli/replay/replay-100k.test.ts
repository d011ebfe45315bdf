import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReplayReport } from '#cli/replay/report.js';
import { runCli } from '../../../helpers/run-cli.js';
import { writeGeneratedEvents } from './generated-events.js';

const GROUPS = 20_000;
const MAX_LINEAGES = 1_000;
const dir = mkdtempSync(join(tmpdir(), 'replay-100k-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('batch-retry replay on a generated file of 100,000 events', () => {
  it('reports exact totals while the ledger never holds more than --max-lineages lineages', async () => {
    const file = join(dir, 'events.jsonl');
    const expected = writeGeneratedEvents(file, GROUPS);

    const { code, stdout, stderr } = await runCli([
      'replay',
      file,
      '--policy',
      'examples/policies/default.json',
      '--max-lineages',
      String(MAX_LINEAGES),
      '--json',
    ]);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ReplayReport;
    expect(expected.events).toBe(100_000);
    expect(report.totals).toEqual({
      events: 100_000,
      failed: 60_000,
      retried: 40_000,
      givenUp: 20_000,
      ignored: expected.ignored,
      duplicates: 0,
      recovered: expected.recovered,
    });
    for (const [failureClass, tally] of Object.entries(expected.classes)) {
      expect(report.classes[failureClass as keyof ReplayReport['classes']]).toEqual({
        ...tally,
        ignored: 0,
        duplicates: 0,
      });
    }
    // Breaker openings depend on the breaker settings; the give-ups are exact.
    const gaveUp = report.alerts.filter((a) => a.kind === 'GAVE_UP');
    expect(gaveUp.map((a) => [a.fingerprint.split('|').slice(0, 2).join('|'), a.count])).toEqual([
      ['GAVE_UP|application', 6_667],
      ['GAVE_UP|middleware', 6_667],
      ['GAVE_UP|resource', 6_666],
    ]);
    expect(report.outOfOrder).toBe(0);
    expect(report.peakLineages).toBe(MAX_LINEAGES);
    expect(report.evicted).toBe(expected.lineages - MAX_LINEAGES);
    expect(report.unparseable.count).toBe(0);
  });
});
