import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Figure, median } from '../figure.js';

/** Start-ups of each command, taken in turn with the others so that the machine's load falls on all alike. */
const RUNS = 21;
/** Start-up, as a multiple of `node -e 0`, that the measured commands must stay within (issue 15). */
const TARGET_RATIO = 3;

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const BIN = path('../../bin/batch-retry.js');
const EVENT = path('../../examples/events/ec2-spot-host-terminated.json');

const COMMANDS = [
  { key: 'node', label: 'node -e 0', args: ['-e', '0'] },
  { key: 'version', label: 'batch-retry --version', args: [BIN, '--version'] },
  { key: 'classify', label: 'batch-retry classify (one event)', args: [BIN, 'classify', EVENT] },
] as const;

function startMs(args: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr.toString()}`);
  return ms;
}

/**
 * 4. Start-up of the `batch-retry` command as users run it (`node bin/batch-retry.js`, the bundle in
 * dist/cli) against `node -e 0`: each command started RUNS times, interleaved, medians compared.
 */
export const cliStart: Figure = {
  id: 'cli-start',
  title: '4. CLI start-up',
  async measure() {
    for (const { args } of COMMANDS) startMs(args); // warm the file cache; the bin rebuilds a stale bundle
    const times = COMMANDS.map(() => [] as number[]);
    for (let run = 0; run < RUNS; run++) {
      COMMANDS.forEach(({ args }, i) => {
        times[i]?.push(startMs(args));
      });
    }
    const [node = Number.NaN, ...commands] = times.map(median);
    return COMMANDS.slice(1).map(({ key, label }, i) => ({
      key: `cli-start.${key}`,
      label: `${label} / node -e 0`,
      value: (commands[i] ?? Number.NaN) / node,
      unit: 'x',
      target: { op: '<=', bound: TARGET_RATIO },
      note: `median of ${RUNS} interleaved starts: ${(commands[i] ?? Number.NaN).toFixed(0)} ms against node -e 0 ${node.toFixed(0)} ms`,
    }));
  },
};
