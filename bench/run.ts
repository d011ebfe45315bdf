/**
 * `npm run bench`: every figure users compare batch-retry on, measured in one run on Node 22, printed
 * as one table and written to bench/results.json (one key per figure: value, unit, target, pass, the
 * Node version and the command that produced it). The figures are the modules listed in
 * bench/figures/index.ts; docs/performance.md explains each.
 *
 *   npm run bench                              every figure (under 10 minutes on a 2-core machine)
 *   npm run bench -- --only decision-cpu,cost  some figures; their keys are updated in results.json
 *
 * Timings on a shared machine are noisy: the figures are ratios measured inside this run, in
 * interleaved rounds, as medians or minimums. The run exits 1 when a figure could not be measured;
 * a figure that misses its target is reported (pass: false) without failing the run.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatTable } from '#cli/table.js';
import { createContext, type Measurement, meets, targetText } from './figure.js';
import { FIGURES } from './figures/index.js';
import { node22, onNode22 } from './node22.js';
import { experimentFlags } from './rig/container.js';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

if (!onNode22()) {
  // `npm run bench` finds Node 22 first on its PATH (node_modules/.bin/node); `node bench/run.ts` may not.
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(node22(), ['--import', 'tsx', self, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg === -1 ? undefined : new Set((process.argv[onlyArg + 1] ?? '').split(','));
const unknown = [...(only ?? [])].filter((id) => !FIGURES.some((f) => f.id === id));
if (unknown.length > 0) {
  console.error(`bench: no figure ${unknown.join(', ')}; figures: ${FIGURES.map((f) => f.id).join(', ')}`);
  process.exit(2);
}

interface Row extends Measurement {
  readonly title: string;
  readonly command: string;
}

const context = createContext();
const rows: Row[] = [];
/** The figures this run measured: their previous keys in results.json are replaced, not merged. */
const measured: string[] = [];
let failed = false;
const started = performance.now();
try {
  for (const figure of FIGURES.filter((f) => only === undefined || only.has(f.id))) {
    context.progress(`${figure.title} ...`);
    measured.push(figure.id);
    const command = `npm run bench -- --only ${figure.id}`;
    const figureOf = { title: figure.title, command };
    const figureStarted = performance.now();
    try {
      for (const m of await figure.measure(context)) rows.push({ ...m, ...figureOf });
    } catch (error) {
      failed = true;
      const problem = error instanceof Error ? error.message : String(error);
      const [key, label, value] = [`${figure.id}.error`, 'could not be measured', Number.NaN];
      rows.push({ key, label, value, unit: '', target: { op: '==', bound: 0 }, note: problem, ...figureOf });
    }
    context.progress(`${figure.title} done in ${((performance.now() - figureStarted) / 1000).toFixed(0)} s`);
  }
} finally {
  rmSync(context.scratch, { recursive: true, force: true });
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 1 ? 2 : 3);
}

const verdict = (pass: boolean | undefined) => (pass === undefined ? '' : pass ? 'ok' : 'MISS');
const table: string[][] = [['figure', 'value', 'unit', 'target', '']];
let title = '';
for (const row of rows) {
  if (row.title !== title) {
    title = row.title;
    table.push([title, '', '', '', '']);
  }
  const pass = meets(row.value, row.target);
  table.push([`  ${row.label}`, formatValue(row.value), row.unit, targetText(row.target), verdict(pass)]);
}
const nodeVersion = process.version;
console.log(`batch-retry benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${nodeVersion}`);
console.log(formatTable(table, { align: ['left', 'right', 'left', 'left', 'left'] }).join('\n'));
const notes = rows.filter((r) => r.note !== undefined);
if (notes.length > 0) console.log(`\n${notes.map((r) => `${r.key}: ${r.note}`).join('\n')}`);
const misses = rows.filter((r) => meets(r.value, r.target) === false);
console.log(
  `\n${rows.length} figures in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
    (misses.length === 0 ? 'all within target.' : `missing target: ${misses.map((r) => r.key).join(', ')}.`),
);

const previous: Record<string, unknown> =
  only !== undefined && existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
const measuredAt = new Date().toISOString();
// A figure's keys from an earlier run go (an error row, a row it no longer reports): its keys are this run's.
const results = Object.fromEntries(
  Object.entries(previous).filter(([key]) => !measured.some((id) => key.startsWith(`${id}.`))),
);
for (const row of rows) {
  results[row.key] = {
    value: Number.isFinite(row.value) ? row.value : null,
    unit: row.unit,
    target: row.target === undefined ? null : targetText(row.target),
    pass: meets(row.value, row.target) ?? null,
    node: nodeVersion,
    command: row.command,
    measuredAt,
  };
}
const sorted = Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b)));
if (experimentFlags().length > 0) {
  // An experiment's figures are not the product's: they never replace the recorded ones.
  console.log(`not written to bench/results.json: the containers ran with BENCH_NODE_FLAGS`);
} else {
  writeFileSync(RESULTS, `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(`written to bench/results.json`);
}
if (failed) process.exitCode = 1;
