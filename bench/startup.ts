/**
 * Start-up of the `batch-retry` command as users run it (`node bin/batch-retry.js`, the bundle in
 * dist/cli), against `node -e 0` measured in the same run: each command is started `RUNS` times in
 * turn with the others, so that the load of the machine falls on all of them alike, and the medians
 * are compared. The target (issue 15): `--version` and `classify` of one event within 3x of Node.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = 21;
/** Start-up, as a multiple of `node -e 0`, that the two measured commands must stay within. */
export const STARTUP_TARGET_RATIO = 3;

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const BIN = path('../bin/batch-retry.js');
const EVENT = path('../examples/events/ec2-spot-host-terminated.json');

const COMMANDS: readonly { readonly label: string; readonly args: readonly string[] }[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'batch-retry --version', args: [BIN, '--version'] },
  { label: 'batch-retry classify (one event)', args: [BIN, 'classify', EVENT] },
];

function startMs(args: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr.toString()}`);
  return ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Prints the median start-up of each command and its ratio to `node -e 0`; true when within target. */
export function startup(): boolean {
  for (const { args } of COMMANDS) startMs(args); // warm the file cache; the bin rebuilds a stale bundle
  const times = COMMANDS.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) {
    COMMANDS.forEach(({ args }, i) => {
      times[i]?.push(startMs(args));
    });
  }
  const medians = times.map(median);
  const node = medians[0] ?? Number.NaN;
  console.log(
    `start-up            median of ${RUNS} runs each, interleaved (target: within x${STARTUP_TARGET_RATIO} of node -e 0)`,
  );
  let within = true;
  COMMANDS.forEach(({ label }, i) => {
    const ms = medians[i] ?? Number.NaN;
    const ratio = ms / node;
    if (i > 0 && !(ratio <= STARTUP_TARGET_RATIO)) within = false;
    console.log(`  ${label.padEnd(34)} ${ms.toFixed(0).padStart(5)} ms  x${ratio.toFixed(2)}`);
  });
  return within;
}
