import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ReplayReport } from '#cli/replay/report.js';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';
import { runCli, tempFile } from '../../helpers/run-cli.js';

const DEFAULT_POLICY = 'examples/policies/default.json';
const DAY_MS = 86_400_000;

/** A Spot reclaim of job `id` whose lineage began `ageDays` before the event. */
function spotReclaim(id: string, ageDays: number): string {
  const event = loadEventFixture('ec2-spot-host-terminated');
  event.detail.jobId = id;
  event.detail.createdAt = Date.parse(event.time as string) - ageDays * DAY_MS;
  return JSON.stringify(event);
}

function exitOne(id: string): string {
  const event = loadEventFixture('application-exit-1');
  event.detail.jobId = id;
  return JSON.stringify(event);
}

describe('the batch-retry replay report', () => {
  it('says why failures were given up and events ignored, by reason, with durations in human units', async () => {
    const events = [
      spotReclaim('a1b2c3d4-0000-4000-8000-000000000001', 8),
      spotReclaim('a1b2c3d4-0000-4000-8000-000000000002', 9),
      spotReclaim('a1b2c3d4-0000-4000-8000-000000000003', 0),
      exitOne('a1b2c3d4-0000-4000-8000-000000000004'),
      JSON.stringify(loadEventFixture('dependency-failed')),
    ];
    const file = tempFile('events.jsonl', `${events.join('\n')}\n`);

    const text = await runCli(['replay', file, '--policy', DEFAULT_POLICY]);
    const json = await runCli(['replay', file, '--policy', DEFAULT_POLICY, '--output', 'json']);

    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    const givenUp = lines.indexOf('Given up, by reason:');
    expect(lines.slice(givenUp, givenUp + 3)).toEqual([
      'Given up, by reason:',
      '  2  the lineage is past its age limit (7 days, budgets.maxLineageAgeSeconds)',
      '  1  no rule of policy default matched (application failure); defaultAction: EXIT',
    ]);
    expect(text.stdout).toContain(
      'Ignored, by reason:\n  1  derived failure (dependency), counted on its source job\n',
    );
    const report = JSON.parse(json.stdout) as ReplayReport;
    expect(report.givenUpReasons[0]).toEqual({
      reason: 'the lineage is past its age limit (7 days, budgets.maxLineageAgeSeconds)',
      count: 2,
      example: expect.stringMatching(
        /^the lineage would be \d+ s old at the retry, over its limit of 604800 s$/,
      ),
    });
  });

  it('prints the report of the events read so far, and exits 130, when interrupted with Ctrl-C', async () => {
    let interrupt: (() => void) | undefined;
    const onInterrupt = (handler: () => void) => {
      interrupt = handler;
      return () => {
        interrupt = undefined;
      };
    };
    const stdin = new PassThrough();
    const running = runCli(['replay', '-', '--policy', DEFAULT_POLICY], stdin, { onInterrupt });
    stdin.write(
      `${exitOne('a1b2c3d4-0000-4000-8000-000000000011')}\n${exitOne('a1b2c3d4-0000-4000-8000-000000000012')}\n`,
    );
    while (stdin.readableLength > 0 || interrupt === undefined) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));

    interrupt?.();
    const { code, stdout, stderr } = await running;

    expect(code).toBe(130);
    expect(stdout).toMatch(
      /^Interrupted \(Ctrl-C\): this report covers only the 2 events read before it\.\n/,
    );
    expect(stdout).toMatch(/\napplication +2 +0 +2 /);
    expect(stderr).toBe(
      'batch-retry replay: interrupted (Ctrl-C); the report covers the events read until then\n',
    );
    expect(interrupt).toBeUndefined();
  });
});
