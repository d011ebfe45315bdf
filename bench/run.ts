/**
 * `npm run bench`: the speed and memory claims of the core, measured in one run on this machine.
 *
 * 0. Start-up of the command (bench/startup.ts): `--version` and `classify` of one event against
 *    `node -e 0`, as ratios measured in this run.
 * 1. Event throughput: parse + normalise, and classify, per event over every fixture (warm loop).
 * 2. Decision throughput: the whole decide path (classify, select, decide, ledger write, enqueue)
 *    on in-memory adapters, per FAILED event.
 * 3. compare on examples/workloads/spot-heavy.json: native and policy runs, wall time each.
 * 4. Replay memory: bench/replay-memory.ts (100k and 400k events, each in a fresh process).
 *
 * Timings on a shared machine are noisy; read the ratios printed in the same run, not the absolutes.
 */

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CollectingAlerts,
  InMemoryBreaker,
  InMemoryLedger,
  RecordingDelayQueue,
  SeededRandom,
} from '#adapters/memory/index.js';
import { policySourceFromFiles } from '#cli/policy-files.js';
import { runNative } from '#cli/sim/native-run.js';
import { runPolicy } from '#cli/sim/policy-run.js';
import { parseWorkload } from '#cli/sim/workload.js';
import { classifyJob } from '#core/classify/index.js';
import { parseEvent } from '#core/events/index.js';
import type { RetryMessage } from '#core/orchestrator/index.js';
import { handleJobEvent } from '#core/orchestrator/index.js';
import { silentLog } from '#core/ports/index.js';
import { startup } from './startup.js';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const FIXTURES = path('../test/fixtures/events/');

function perItemMicros(items: number, run: () => void): number {
  const started = performance.now();
  run();
  return ((performance.now() - started) * 1000) / items;
}

function eventThroughput(): void {
  const events = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(`${FIXTURES}${f}`, 'utf8')) as unknown);
  const rounds = 500;
  const jobs = events.map((e) => parseEvent(e, 'bench'));
  for (const job of jobs) classifyJob(job); // warm up
  const parse = perItemMicros(rounds * events.length, () => {
    for (let i = 0; i < rounds; i++) for (const e of events) parseEvent(e, 'bench');
  });
  const classify = perItemMicros(rounds * jobs.length, () => {
    for (let i = 0; i < rounds; i++) for (const j of jobs) classifyJob(j);
  });
  console.log(`parse + normalise   ${parse.toFixed(1)} us/event`);
  console.log(
    `classify            ${classify.toFixed(1)} us/event (x${(classify / parse).toFixed(2)} of parse)`,
  );
}

async function decisionThroughput(): Promise<void> {
  const policies = await policySourceFromFiles([path('../examples/policies/default.json')]);
  const template = JSON.parse(readFileSync(`${FIXTURES}ec2-spot-host-terminated.json`, 'utf8')) as {
    detail: { jobId: string };
  };
  const deps = {
    ledger: new InMemoryLedger(),
    breaker: new InMemoryBreaker(),
    retries: new RecordingDelayQueue<RetryMessage>(),
    alerts: new CollectingAlerts(),
    policies,
    clock: { now: () => Date.UTC(2026, 0, 1) },
    random: new SeededRandom(1),
    log: silentLog,
  };
  const count = 20_000;
  const jobs = Array.from({ length: count }, (_, i) => {
    const event = structuredClone(template);
    event.detail.jobId = `bench-${i}`;
    return parseEvent(event, 'bench');
  });
  const started = performance.now();
  for (const job of jobs) await handleJobEvent(job, deps);
  const micros = ((performance.now() - started) * 1000) / count;
  deps.retries.drain();
  console.log(
    `decide (in memory)  ${micros.toFixed(1)} us/failed event over ${count.toLocaleString('en-US')} lineages`,
  );
}

async function compareTiming(): Promise<void> {
  const workload = parseWorkload(
    JSON.parse(readFileSync(path('../examples/workloads/spot-heavy.json'), 'utf8')),
    'spot-heavy.json',
  );
  const policies = await policySourceFromFiles([path('../examples/policies/production.json')]);
  let started = performance.now();
  const native = await runNative(workload, { retryStrategy: { attempts: 3 } });
  const nativeMs = performance.now() - started;
  started = performance.now();
  const policy = await runPolicy(workload, { policies });
  const policyMs = performance.now() - started;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `compare spot-heavy  native ${nativeMs.toFixed(0)} ms (success ${pct(native.metrics.successRate)}), ` +
      `policy ${policyMs.toFixed(0)} ms (success ${pct(policy.metrics.successRate)}), ` +
      `policy/native time x${(policyMs / nativeMs).toFixed(2)}`,
  );
}

function replayMemory(): void {
  console.log('replay memory       (each size in a fresh process)');
  const run = spawnSync(process.execPath, ['--import', 'tsx', path('./replay-memory.js')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`bench/replay-memory.ts failed with exit ${run.status}`);
}

const startupWithinTarget = startup();
eventThroughput();
await decisionThroughput();
await compareTiming();
replayMemory();
if (!startupWithinTarget) {
  console.log('start-up is above its target (see the ratios above)');
  process.exitCode = 1;
}
