import { spawnSync } from 'node:child_process';
import { type Figure, type Measurement, median } from '../figure.js';
import { node22 } from '../node22.js';
import { type Bundles, bundles, FUNCTIONS } from '../rig/bundles.js';

/** Fresh-process runs per measurement (the first-decision row). */
const ROUNDS = 9;
/**
 * Cold-import pairs per function: its bundle and its baseline imported back to back, in turn with
 * the other functions' pairs. The ratio is the median of the pairs' ratios: on a shared machine a
 * burst of other work slows both imports of a pair, where it would slow only some samples of a
 * median taken per bundle.
 */
const PAIRS = 15;
/** Cold import CPU as a multiple of the same SDK clients and Powertools alone (issue 10). */
const IMPORT_TARGET = 1.3;

/** What a handler module needs in its environment to finish its module scope (nothing is called). */
const ENV = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  LEDGER_TABLE: 'bench-ledger',
  RETRIES_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/batch-retry-retries',
  EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/batch-retry-events',
  JOB_QUEUES: 'spot-queue',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:batch-retry-alerts',
  SLACK_WEBHOOK_PARAMETER: '/batch-retry/slack-webhook',
};

/** CPU ms of importing `bundle` in a fresh Node 22 process. */
function importCpuMs(built: Bundles, bundle: string): number {
  const run = spawnSync(node22(), [built.coldImport, bundle], { encoding: 'utf8', env: ENV });
  if (run.status !== 0) throw new Error(`importing ${bundle} failed (exit ${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { cpuMs: number }).cpuMs;
}

/** CPU ms of importing the decision path and deciding one first event, in a fresh Node 22 process. */
function firstDecisionMs(built: Bundles): { importMs: number; firstMs: number } {
  const run = spawnSync(node22(), [built.firstDecision, built.decisionPath, process.cwd()], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  if (run.status !== 0) throw new Error(`the first decision failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as { importMs: number; firstMs: number };
}

/**
 * A decide container's cold work on the decision path, without the SDK: import, then the first
 * event (its schemas, policies and first decision), medians of ROUNDS fresh processes.
 */
function firstDecisionRow(built: Bundles): Measurement {
  const runs = Array.from({ length: ROUNDS }, () => firstDecisionMs(built));
  const importMs = median(runs.map((r) => r.importMs));
  const firstMs = median(runs.map((r) => r.firstMs));
  return {
    key: 'bundle.decide.first-decision',
    label: 'decide: decision path, import + first event CPU',
    value: median(runs.map((r) => r.importMs + r.firstMs)),
    unit: 'ms',
    note: `median of ${ROUNDS} fresh Node 22 processes: import ${importMs.toFixed(0)} ms, first Spot reclaim decided on in-memory ports ${firstMs.toFixed(0)} ms (bench/rig/first-decision.ts, no SDK)`,
  };
}

const kib = (bytes: number) => bytes / 1024;

/**
 * 3. Each function bundle (esbuild, minified ESM for Node 22): size and gzip size with the AWS SDK
 * bundled (as measured for cold start) and the size with the SDK left to the runtime; cold import
 * CPU in a fresh Node 22 process as a ratio to a bundle of the same SDK clients and Powertools
 * utilities alone (bench/baselines/), medians over interleaved rounds; and what the import leaves to
 * the first event: decide's decision path imported and its first event decided, in CPU ms.
 */
export const functionBundles: Figure = {
  id: 'bundle',
  title: '3. Function bundles',
  async measure(context) {
    const built = await bundles(context);
    const samples = new Map<string, number[]>();
    const add = (file: string) => samples.set(file, [...(samples.get(file) ?? []), importCpuMs(built, file)]);
    for (const name of FUNCTIONS) importCpuMs(built, built.functions[name]); // file cache
    for (const name of FUNCTIONS) importCpuMs(built, built.baselines[name]);
    for (let pair = 0; pair < PAIRS; pair++) {
      for (const name of FUNCTIONS) {
        // Which goes first alternates, so that neither is always the one after another function's.
        const both = [built.baselines[name], built.functions[name]];
        for (const file of pair % 2 === 0 ? both : both.reverse()) add(file);
      }
    }
    const rows = FUNCTIONS.flatMap((name): Measurement[] => {
      const { sdkBundled, sdkExternal } = built.sizes[name];
      const owns = samples.get(built.functions[name]) ?? [];
      const floors = samples.get(built.baselines[name]) ?? [];
      const own = median(owns);
      const floor = median(floors);
      const ratio = median(owns.map((ms, pair) => ms / (floors[pair] ?? Number.NaN)));
      return [
        {
          key: `bundle.${name}.size`,
          label: `${name}: size, SDK bundled`,
          value: kib(sdkBundled.bytes),
          unit: 'KiB',
        },
        {
          key: `bundle.${name}.gzip`,
          label: `${name}: gzip size, SDK bundled`,
          value: kib(sdkBundled.gzipBytes),
          unit: 'KiB',
        },
        {
          key: `bundle.${name}.size-sdk-external`,
          label: `${name}: size, SDK external`,
          value: kib(sdkExternal.bytes),
          unit: 'KiB',
          note: `gzip ${kib(sdkExternal.gzipBytes).toFixed(0)} KiB`,
        },
        {
          key: `bundle.${name}.cold-import`,
          label: `${name}: cold import CPU / SDK and Powertools alone`,
          value: ratio,
          unit: 'x',
          target: { op: '<=', bound: IMPORT_TARGET },
          note: `median of ${PAIRS} pairs of fresh Node 22 processes (the bundle, bench/baselines/${name}-sdk-only.ts): medians ${own.toFixed(0)} ms against ${floor.toFixed(0)} ms`,
        },
      ];
    });
    return [...rows, firstDecisionRow(built)];
  },
};
