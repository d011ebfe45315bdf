import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../test/reliability/scale.js';
import type { Figure, Measurement } from '../figure.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
/** vitest workers for the suite: this machine's two cores. */
const WORKERS = 2;
/** No input may take longer to decide (issue 17). */
const INPUT_LIMIT_MS = 10;

const list = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .map(([what, n]) => `${n.toLocaleString('en-US')} ${what}`)
    .join(', ');

/** The rows of one run's report: what it lost (target 0), and its timings at full scale. */
function rows(run: RunReport): Measurement[] {
  const lost = Object.values(run.lost).reduce((a, b) => a + b, 0);
  const lostSome = Object.fromEntries(Object.entries(run.lost).filter(([, n]) => n > 0));
  const measured: Measurement[] = [
    {
      key: `reliability.${run.key}.lost`,
      label: `${run.check}: lost`,
      value: lost,
      unit: 'lost',
      target: { op: '==', bound: 0 },
      note: `tried ${list(run.tried)}${lost > 0 ? `; lost ${list(lostSome)}` : ''}`,
    },
  ];
  for (const [what, value] of Object.entries(run.timed ?? {})) {
    const slowest = what.includes('(ms)');
    measured.push({
      key: `reliability.${run.key}.${slowest ? 'slowest-ms' : 'over-limit'}`,
      label: `${run.check}: ${what}`,
      value,
      unit: slowest ? 'ms' : 'inputs',
      target: slowest ? { op: '<=', bound: INPUT_LIMIT_MS } : { op: '==', bound: 0 },
    });
  }
  return measured;
}

/**
 * The reliability suite (test/reliability/) at full scale: `RELIABILITY_SCALE=full vitest run
 * test/reliability`, each run appending what it tried and lost to a report file read here. Its
 * vitest exit code is a figure too (0: every test passed, the known gaps as expected failures).
 */
export const reliability: Figure = {
  id: 'reliability',
  title: 'Reliability suite, full scale',
  async measure(context) {
    const reportFile = join(context.scratch, 'reliability.jsonl');
    // Two workers, one per core: the files are independent, and the longest two (duplicates, fuzzed
    // events) then run side by side instead of one after the other.
    const args = [VITEST, 'run', 'test/reliability', '--reporter=dot', `--maxWorkers=${WORKERS}`];
    const run = spawnSync(process.execPath, args, {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, RELIABILITY_SCALE: 'full', RELIABILITY_REPORT: reportFile },
      maxBuffer: 256 * 2 ** 20,
    });
    const reports = existsSync(reportFile)
      ? readFileSync(reportFile, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as RunReport)
      : [];
    const failures = (run.stdout + run.stderr)
      .split('\n')
      .filter((l) => /FAIL|✗|×/.test(l))
      .slice(0, 5);
    return [
      ...reports.flatMap(rows),
      {
        key: 'reliability.vitest-exit-code',
        label: 'RELIABILITY_SCALE=full vitest run test/reliability: exit code',
        value: run.status ?? Number.NaN,
        unit: '',
        target: { op: '==', bound: 0 },
        ...(failures.length > 0 ? { note: failures.join(' | ') } : {}),
      },
    ];
  },
};
