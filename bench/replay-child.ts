/**
 * The child process of the replay figure (bench/figures/replay.ts): replays one JSON-lines file of
 * events with the CLI's defaults and prints, as one JSON line, how many events it read, how long it
 * took, its peak RSS (process.resourceUsage().maxRSS) and its peak live heap (sampled after a full GC
 * every 50,000 events; the child runs with --expose-gc).
 *
 * Run: node --expose-gc --import tsx bench/replay-child.ts <events.jsonl>
 */

import { fileURLToPath } from 'node:url';
import { openEventInputs } from '#cli/inputs/index.js';
import { policySourceFromFiles } from '#cli/policy-files.js';
import { replayEvents } from '#cli/replay/replay-events.js';
import { DEFAULT_MAX_LINEAGES } from '#cli/replay/replay-ledger.js';

/** Events between two samples of the live heap (each after a full GC). */
const SAMPLE_EVERY = 50_000;
const POLICY = fileURLToPath(new URL('../examples/policies/default.json', import.meta.url));

/** What the child prints. */
export interface ReplayChildResult {
  readonly events: number;
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly liveHeapMiB: number;
  readonly peakLineages: number;
  readonly evicted: number;
}

async function replay(file: string): Promise<ReplayChildResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let liveHeap = 0;
  const started = process.hrtime.bigint();
  const inputs = await openEventInputs([file], process.stdin);
  const report = await replayEvents(inputs.results, {
    policies: await policySourceFromFiles([POLICY]),
    maxLineages: DEFAULT_MAX_LINEAGES,
    onProgress: ({ events }) => {
      if (events % SAMPLE_EVERY !== 0 || gc === undefined) return;
      gc();
      liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
    },
  });
  return {
    events: report.totals.events,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    liveHeapMiB: liveHeap / 2 ** 20,
    peakLineages: report.peakLineages,
    evicted: report.evicted,
  };
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: replay-child.ts <events.jsonl>');
process.stdout.write(`${JSON.stringify(await replay(file))}\n`);
