import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENTS_PER_GROUP, writeGeneratedEvents } from '../../test/unit/cli/replay/generated-events.js';
import type { Figure, Measurement } from '../figure.js';
import type { ReplayChildResult } from '../replay-child.js';

const SIZES = [100_000, 400_000] as const;
const CHILD = fileURLToPath(new URL('../replay-child.js', import.meta.url));
/** Peak RSS for four times the events, as a multiple of the smaller run's: "flat" (issue 17). */
const FLAT_RSS_RATIO = 1.1;

function replayInChild(file: string): ReplayChildResult {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, file], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`replay of ${file} failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as ReplayChildResult;
}

/**
 * 6. Replay, streamed: 100,000 and 400,000 generated events (JSON lines, five per job group, two
 * lineages per group), each replayed in a fresh process with the CLI's defaults (20,000 lineages
 * held, which both sizes reach): events per second and peak RSS, which must stay flat.
 */
export const replay: Figure = {
  id: 'replay',
  title: '6. Replay, streamed',
  async measure(context) {
    const results = SIZES.map((events) => {
      const file = join(context.scratch, `events-${events}.jsonl`);
      writeGeneratedEvents(file, events / EVENTS_PER_GROUP);
      const megabytes = statSync(file).size / 1e6;
      context.progress(`replaying ${events.toLocaleString('en-US')} events (${megabytes.toFixed(0)} MB)`);
      return { events, megabytes, result: replayInChild(file) };
    });
    const rows: Measurement[] = results.flatMap(({ events, megabytes, result }) => {
      const size = `${events / 1000}k`;
      return [
        {
          key: `replay.${size}.events-per-second`,
          label: `${size} events: events per second`,
          value: result.events / result.seconds,
          unit: 'events/s',
          note: `${result.events} events (${megabytes.toFixed(0)} MB) in ${result.seconds.toFixed(1)} s; live heap ${result.liveHeapMiB.toFixed(0)} MiB, peak lineages ${result.peakLineages}, evicted ${result.evicted}`,
        },
        {
          key: `replay.${size}.peak-rss`,
          label: `${size} events: peak RSS`,
          value: result.maxRssMiB,
          unit: 'MiB',
        },
      ];
    });
    const [small, large] = results;
    if (small !== undefined && large !== undefined) {
      rows.push({
        key: 'replay.peak-rss-ratio',
        label: `peak RSS, ${SIZES[1] / SIZES[0]}x the events`,
        value: large.result.maxRssMiB / small.result.maxRssMiB,
        unit: 'x',
        target: { op: '<=', bound: FLAT_RSS_RATIO },
      });
    }
    return rows;
  },
};
