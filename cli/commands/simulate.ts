import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { LoadedPolicy } from '#core/policy/index.js';
import type { PolicySource } from '#core/ports/index.js';
import { CliExit, type CliIo, EXIT_BAD_INPUT } from '../io.js';
import { loadPolicyFiles } from '../load-policies.js';
import { collect, parseSeed } from '../option-values.js';
import type { TimelineEntry } from '../sim/index.js';
import {
  loadScenarioFile,
  runScenario,
  type ScenarioFile,
  type ScenarioReport,
  SimulationInputError,
} from '../sim/index.js';
import { type Align, columnWidths, formatRow } from '../table.js';
import { unmanagedLines } from './simulate-unmanaged.js';

/** The walkthrough scenarios played when none is given; each names its example policy. */
const DEFAULT_SCENARIOS = ['spot-reclaim', 'random-exit-codes', 'image-pull-failure'].map((name) =>
  fileURLToPath(new URL(`../../examples/scenarios/${name}.json`, import.meta.url)),
);

/** Timeline rows, explanations and alerts are word-wrapped at this many columns. */
const WRAP_COLUMNS = 120;

/** The "what happened" column is at least this wide, however wide the other columns are. */
const MIN_DETAIL_COLUMNS = 40;

const HEADER = ['TIME', 'JOB', 'STATUS', 'CLASS', 'DECISION', 'DELAY', 'WHAT HAPPENED'] as const;

interface SimulateOptions {
  readonly policy?: string[];
  readonly seed?: string;
  readonly json?: boolean;
}

/**
 * `batch-retry simulate [scenario.json...] [--policy <file>]... [--seed N] [--json]`: plays each
 * scenario on the simulator with the real orchestrator attached and prints its timeline and outcome
 * (with `--json`: `{"scenarios": [{name, outcome, attempts, submissions, alerts, timeline, ...}]}`).
 * Without scenarios it plays the three walkthrough scenarios. Policies: those given with `--policy`
 * for every scenario (the usual selection rules pick one per job), else the file the scenario names
 * in its `policy` field. Exits 0 when every scenario ran, 2 for an unusable scenario or seed, 1 for
 * an invalid policy.
 */
export function registerSimulateCommand(program: Command, io: CliIo): void {
  program
    .command('simulate')
    .description('play scenarios on the local simulator with the real orchestrator: timeline and outcome')
    .argument(
      '[scenarios...]',
      'scenario files (default: the spot-reclaim, random-exit-codes and image-pull-failure examples)',
    )
    .option('--policy <file>', 'policy file for every scenario; repeat for several', collect)
    .option('--seed <n>', 'seed for ids, random exit codes and jitter (default: the scenario seed, else 1)')
    .option('--json', 'print {"scenarios": [...]} as JSON instead of timelines')
    .action(async (files: string[], options: SimulateOptions) => {
      const seed = parseSeed(options.seed, io);
      const scenarios = await loadScenarios(files.length === 0 ? DEFAULT_SCENARIOS : files, io);
      const given = options.policy ?? [];
      if (given.length === 0) requirePolicies(scenarios, io);
      const shared =
        given.length === 0 ? undefined : await loadPolicyFiles(given, io, 'Nothing was simulated.');
      const plans: { file: ScenarioFile; policyFiles: readonly string[]; policies: PolicySource }[] = [];
      for (const file of scenarios) {
        const own = file.policyPath === undefined ? [] : [file.policyPath];
        plans.push({
          file,
          policyFiles: shared === undefined ? own : given,
          policies: shared ?? (await loadPolicyFiles(own, io, 'Nothing was simulated.')),
        });
      }
      const reports: Played[] = [];
      for (const { file, policyFiles, policies } of plans) {
        const report = await runScenario(file.scenario, {
          policies,
          ...(seed === undefined ? {} : { seed }),
        });
        reports.push({ file, policyFiles, report, policies: await policies.load() });
      }
      if (options.json === true) {
        const scenariosJson = reports.map(({ file, policyFiles, report }) => ({
          ...report,
          scenarioFile: file.path,
          policyFiles,
        }));
        io.stdout.write(`${JSON.stringify({ scenarios: scenariosJson }, null, 2)}\n`);
        return;
      }
      io.stdout.write(reports.map(screen).join('\n'));
    });
}

async function loadScenarios(paths: readonly string[], io: CliIo): Promise<ScenarioFile[]> {
  const loaded: ScenarioFile[] = [];
  let failed = false;
  for (const path of paths) {
    try {
      loaded.push(await loadScenarioFile(path));
    } catch (error) {
      if (!(error instanceof SimulationInputError)) throw error;
      failed = true;
      io.stderr.write(`${error.message}\n`);
    }
  }
  if (failed) {
    io.stderr.write(
      'Nothing was simulated. Fix the scenario file(s) above (see docs/simulator.md) and run again.\n',
    );
    throw new CliExit(EXIT_BAD_INPUT);
  }
  return loaded;
}

/** Without --policy, every scenario must name its own policy file. */
function requirePolicies(scenarios: readonly ScenarioFile[], io: CliIo): void {
  const unnamed = scenarios.filter((f) => f.policyPath === undefined);
  if (unnamed.length === 0) return;
  for (const f of unnamed) {
    io.stderr.write(
      `${f.path}: policy: is missing; name the policy file the scenario plays under ("policy": "../policies/my-policy.json", relative to the scenario file), or pass --policy <file>\n`,
    );
  }
  io.stderr.write('Nothing was simulated.\n');
  throw new CliExit(EXIT_BAD_INPUT);
}

/** One scenario as played: its file, the policy files and policies it played under, its report. */
interface Played {
  readonly file: ScenarioFile;
  readonly policyFiles: readonly string[];
  readonly policies: readonly LoadedPolicy[];
  readonly report: ScenarioReport;
}

function screen({ file, policyFiles, policies, report }: Played): string {
  const lines: string[] = [];
  const title = `== ${report.name} `;
  lines.push(`${title}${'='.repeat(Math.max(3, 78 - title.length))}`);
  if (report.description !== undefined) lines.push(report.description);
  lines.push(`scenario ${shown(file.path)}`);
  lines.push(
    `policy   ${report.policy ?? 'none matched the job (unmanaged)'} (from ${policyFiles.map(shown).join(', ')}), seed ${report.seed}`,
  );
  lines.push('');
  lines.push(...timelineTable(report.timeline));
  lines.push('');
  lines.push(...summary(report));
  if (!report.managed) {
    const own =
      file.policyPath === undefined || policyFiles.includes(file.policyPath) ? undefined : file.policyPath;
    const context = {
      job: file.scenario.job,
      policies,
      ...(own === undefined ? {} : { ownPolicyFile: shown(own) }),
    };
    for (const line of unmanagedLines(report.outcome, context)) lines.push(...wrap(line, '', '  '));
  }
  return `${lines.join('\n')}\n`;
}

function timelineTable(timeline: readonly TimelineEntry[]): string[] {
  const rows = timeline.map((e) => [
    e.time,
    e.jobId.slice(0, 8),
    e.status,
    e.class ?? '',
    e.decision ?? '',
    e.delaySeconds === undefined ? '' : `${e.delaySeconds}s`,
    e.detail,
  ]);
  const widths = columnWidths([HEADER, ...rows]);
  const align: Align[] = ['left', 'left', 'left', 'left', 'left', 'right'];
  const line = (cells: readonly string[]) => formatRow(cells, widths, { align }).trimEnd();
  const indent = ' '.repeat((widths[0] ?? 0) + 2);
  const detailAt = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const out = [line(HEADER)];
  timeline.forEach((entry, i) => {
    const row = rows[i] ?? [];
    const head = line([...row.slice(0, -1), '']).padEnd(detailAt);
    const width = Math.max(MIN_DETAIL_COLUMNS + detailAt, WRAP_COLUMNS);
    out.push(...wrap(entry.detail, head, ' '.repeat(detailAt), width));
    if (entry.reason !== undefined) out.push(...wrap(`why: ${entry.reason}`, indent, `${indent}     `));
  });
  return out;
}

/** A path as the operator typed it, or relative to the working directory for the built-in examples. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

/** Word-wraps `text` at `columns`: `first` starts the first line, `rest` the others. */
function wrap(text: string, first: string, rest: string, columns = WRAP_COLUMNS): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/)) {
    if (!empty && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(report: ScenarioReport): string[] {
  const counts = `${plural(report.attempts, 'attempt')}, ${plural(report.submissions, 'resubmission')}, ${plural(report.alerts, 'alert')}`;
  // An unmanaged job's failure is Batch's own: nothing gave up on it.
  const outcome = report.managed
    ? report.outcome
    : `${report.outcome === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED'}, unmanaged`;
  const lines = [`Outcome: ${outcome} (${counts})`];
  if (report.handlerErrors > 0) {
    lines.push(
      `${plural(report.handlerErrors, 'handler delivery')} threw and were redelivered as SQS would (rows marked ERROR).`,
    );
  }
  for (const text of report.alertTexts) {
    const [title, ...rest] = text.split('\n');
    lines.push(`Alert: ${title ?? ''}`);
    for (const line of rest) lines.push(...wrap(line, '       ', '       '));
  }
  return lines;
}
