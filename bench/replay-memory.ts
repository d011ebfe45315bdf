/**
 * Replay memory benchmark: generates 100,000 and 400,000 events (JSON lines in os.tmpdir(), five per
 * job group, two lineages per group), replays each in a fresh child process and prints the child's
 * peak RSS (process.resourceUsage().maxRSS), its peak live heap (sampled after a full GC every
 * 50,000 events), events per second, and the ratios between the two sizes. Bounded memory shows as
 * ratios near 1 for four times the events.
 *
 * The children keep the CLI's default of 20,000 lineages, which both sizes reach (the 100,000-event
 * file holds 40,000 lineages), so both measure the bounded state. Peak RSS is several times
 * the live heap because V8 lets the heap grow to a multiple of what survived the last collection.
 *
 * Run: node --import tsx bench/replay-memory.ts   (not part of npm test or npm run bench)
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEventInputs } from '#cli/inputs/index.js';
import { policySourceFromFiles } from '#cli/policy-files.js';
import { replayEvents } from '#cli/replay/replay-events.js';
import { DEFAULT_MAX_LINEAGES } from '#cli/replay/replay-ledger.js';
import { EVENTS_PER_GROUP, writeGeneratedEvents } from '../test/unit/cli/replay/generated-events.js';

const SIZES = [100_000, 400_000] as const;
const MAX_LINEAGES = DEFAULT_MAX_LINEAGES;
/** Events between two samples of the live heap (each after a full GC). */
const SAMPLE_EVERY = 50_000;
const POLICY = fileURLToPath(new URL('../examples/policies/default.json', import.meta.url));

interface ChildResult {
  readonly events: number;
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly liveHeapMiB: number;
  readonly peakLineages: number;
  readonly evicted: number;
}

/** In the child: replays one file and prints a ChildResult as JSON. */
async function child(file: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let liveHeap = 0;
  const started = process.hrtime.bigint();
  const inputs = await openEventInputs([file], process.stdin);
  const report = await replayEvents(inputs.results, {
    policies: await policySourceFromFiles([POLICY]),
    maxLineages: MAX_LINEAGES,
    // The child runs with --expose-gc (see runChild): what the replay holds once garbage is gone.
    onProgress: ({ events }) => {
      if (events % SAMPLE_EVERY !== 0 || gc === undefined) return;
      gc();
      liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result: ChildResult = {
    events: report.totals.events,
    seconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    liveHeapMiB: liveHeap / 2 ** 20,
    peakLineages: report.peakLineages,
    evicted: report.evicted,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(file: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', file], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`replay of ${file} failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as ChildResult;
}

async function parent(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'replay-memory-'));
  try {
    const results: ChildResult[] = [];
    for (const events of SIZES) {
      const file = join(dir, `events-${events}.jsonl`);
      writeGeneratedEvents(file, events / EVENTS_PER_GROUP);
      const mb = (statSync(file).size / 1e6).toFixed(0);
      const result = runChild(file);
      results.push(result);
      const n = (x: number) => x.toLocaleString('en-US');
      process.stdout.write(
        `${n(result.events).padStart(7)} events (${mb} MB): peak RSS ${result.maxRssMiB.toFixed(0)} MiB, ` +
          `live heap ${result.liveHeapMiB.toFixed(0)} MiB, ${n(Math.round(result.events / result.seconds))} ` +
          `events/s (${result.seconds.toFixed(1)} s), peak lineages ${n(result.peakLineages)}, ` +
          `evicted ${n(result.evicted)}\n`,
      );
    }
    const [small, large] = results;
    if (small !== undefined && large !== undefined) {
      const ratio = (a: number, b: number) => (a / b).toFixed(2);
      process.stdout.write(
        `${SIZES[1] / SIZES[0]}x the events: peak RSS x${ratio(large.maxRssMiB, small.maxRssMiB)}, ` +
          `live heap x${ratio(large.liveHeapMiB, small.liveHeapMiB)}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childFile = process.argv[2] === '--child' ? process.argv[3] : undefined;
await (childFile === undefined ? parent() : child(childFile));
