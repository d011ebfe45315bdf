import { relative } from 'node:path';
import { Argument, type Command } from 'commander';
import type { LoadedPolicy } from '#core/policy/index.js';
import type { PolicySource } from '#core/ports/index.js';
import { requireReadableFile } from '../inputs/index.js';
import {
  CliError,
  type CliIo,
  type CommandContext,
  commandAction,
  EXIT_BAD_INPUT,
  type OutputOptionValues,
  outputFormat,
  outputOptions,
  policyOption,
  seedOption,
  wrapText,
} from '../kit/index.js';
import { loadPolicyFiles } from '../load-policies.js';
import { usePlainSchemaMessages } from '../plain-schema-messages.js';
import { projectPath } from '../project.js';
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
import { simulateWorkload } from './simulate-workload.js';

/** The walkthrough scenarios played when none is given; each names its example policy. */
const DEFAULT_SCENARIOS = ['spot-reclaim', 'random-exit-codes', 'image-pull-failure'].map((name) =>
  projectPath(`examples/scenarios/${name}.json`),
);

/** The "what happened" column is at least this wide, however wide the other columns are. */
const MIN_DETAIL_COLUMNS = 40;

const HEADER = ['TIME', 'JOB', 'STATUS', 'CLASS', 'DECISION', 'DELAY', 'WHAT HAPPENED'] as const;

interface SimulateOptions extends OutputOptionValues {
  readonly policy?: string[];
  readonly seed?: number;
  readonly workload?: string;
}

/**
 * `batch-retry simulate [scenario.json...] [--policy <file>]... [--seed N] [--json]`: plays each
 * scenario on the simulator with the real orchestrator attached and prints its timeline and outcome
 * (with `--json`: `{"scenarios": [{name, outcome, attempts, submissions, alerts, timeline, ...}]}`).
 * Without scenarios it plays the three walkthrough scenarios. Policies: those given with `--policy`
 * for every scenario (the usual selection rules pick one per job), else the file the scenario names
 * in its `policy` field. With `--workload <file> --policy <file>`, runs that workload instead (see
 * simulate-workload.ts). Exits 0 when every scenario ran, 2 for an unusable scenario or seed, 1 for
 * an invalid policy.
 */
export function registerSimulateCommand(program: Command, io: CliIo): void {
  const command = program
    .command('simulate')
    .description('play scenarios on the local simulator with the real orchestrator: timeline and outcome')
    .addArgument(
      new Argument('[scenarios...]', 'scenario files').default(
        [],
        'the spot-reclaim, random-exit-codes and image-pull-failure examples',
      ),
    )
    .addOption(policyOption('policy file for every scenario, instead of the one each scenario names'))
    .addOption(seedOption('seed for ids, random exit codes and jitter', 'the scenario seed, else 1'))
    .option(
      '--workload <file>',
      'run a workload under --policy instead: jobs lost, alert messages per channel, peak SubmitJob rate',
    );
  for (const option of outputOptions('{"scenarios": [...]}')) command.addOption(option);
  command.action(
    commandAction(io, async (context: CommandContext, files: string[], options: SimulateOptions) => {
      usePlainSchemaMessages();
      const seed = options.seed;
      if (options.workload !== undefined) {
        const given = options.policy ?? [];
        if (files.length > 0 || given.length === 0) {
          throw new CliError(
            EXIT_BAD_INPUT,
            [{ input: '--workload', problem: 'takes --policy <file> and no scenario files' }],
            'Run: batch-retry simulate --workload examples/workloads/registry-storm.json --policy examples/policies/recommended.json',
          );
        }
        const json = outputFormat(options) === 'json';
        return simulateWorkload(context, options.workload, given, {
          ...(seed === undefined ? {} : { seed }),
          json,
        });
      }
      const scenarios = await loadScenarios(files.length === 0 ? DEFAULT_SCENARIOS : files);
      const given = options.policy ?? [];
      if (given.length === 0) requirePolicies(scenarios);
      const shared =
        given.length === 0 ? undefined : await loadPolicyFiles(given, context, 'Nothing was simulated.');
      const plans: { file: ScenarioFile; policyFiles: readonly string[]; policies: PolicySource }[] = [];
      for (const file of scenarios) {
        const own = file.policyPath === undefined ? [] : [file.policyPath];
        plans.push({
          file,
          policyFiles: shared === undefined ? own : given,
          policies: shared ?? (await loadPolicyFiles(own, context, 'Nothing was simulated.')),
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
      if (outputFormat(options) === 'json') {
        const scenariosJson = reports.map(({ file, policyFiles, report }) => ({
          ...report,
          scenarioFile: file.path,
          policyFiles,
        }));
        await context.out.line(JSON.stringify({ scenarios: scenariosJson }, null, 2));
        return;
      }
      await context.out.write(reports.map((played) => screen(played, context.width)).join('\n'));
    }),
  );
}

async function loadScenarios(paths: readonly string[]): Promise<ScenarioFile[]> {
  const loaded: ScenarioFile[] = [];
  const problems: { input: string; problem: string }[] = [];
  for (const path of paths) {
    await requireReadableFile(path);
    try {
      loaded.push(await loadScenarioFile(path));
    } catch (error) {
      if (!(error instanceof SimulationInputError)) throw error;
      for (const { field, problem } of error.problems) {
        problems.push({ input: error.source, problem: field === '' ? problem : `${field}: ${problem}` });
      }
    }
  }
  if (problems.length > 0) {
    throw new CliError(
      EXIT_BAD_INPUT,
      problems,
      'Nothing was simulated. Fix the scenario file(s) above (see docs/simulator.md) and run again.',
    );
  }
  return loaded;
}

/** Without --policy, every scenario must name its own policy file. */
function requirePolicies(scenarios: readonly ScenarioFile[]): void {
  const unnamed = scenarios.filter((f) => f.policyPath === undefined);
  if (unnamed.length === 0) return;
  throw new CliError(
    EXIT_BAD_INPUT,
    unnamed.map((f) => ({
      input: f.path,
      problem:
        'policy: is missing; name the policy file the scenario plays under ("policy": "../policies/my-policy.json", relative to the scenario file), or pass --policy <file>',
    })),
    'Nothing was simulated.',
  );
}

/** One scenario as played: its file, the policy files and policies it played under, its report. */
interface Played {
  readonly file: ScenarioFile;
  readonly policyFiles: readonly string[];
  readonly policies: readonly LoadedPolicy[];
  readonly report: ScenarioReport;
}

function screen({ file, policyFiles, policies, report }: Played, width: number | undefined): string {
  const wrap = (text: string, first: string, rest: string) => wrapText(text, width, first, rest);
  const lines: string[] = [];
  const title = `== ${report.name} `;
  lines.push(`${title}${'='.repeat(Math.max(3, 78 - title.length))}`);
  if (report.description !== undefined) lines.push(report.description);
  lines.push(`scenario ${shown(file.path)}`);
  lines.push(
    `policy   ${report.policy ?? 'none matched the job (unmanaged)'} (from ${policyFiles.map(shown).join(', ')}), seed ${report.seed}`,
  );
  lines.push('');
  lines.push(...timelineTable(report.timeline, width));
  lines.push('');
  lines.push(...summary(report, width));
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

function timelineTable(timeline: readonly TimelineEntry[], width: number | undefined): string[] {
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
    const columns = width === undefined ? undefined : Math.max(MIN_DETAIL_COLUMNS + detailAt, width);
    out.push(...wrapText(entry.detail, columns, head, ' '.repeat(detailAt)));
    if (entry.reason !== undefined)
      out.push(...wrapText(`why: ${entry.reason}`, width, indent, `${indent}     `));
  });
  return out;
}

/** A path as the operator typed it, or relative to the working directory for the built-in examples. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(report: ScenarioReport, width: number | undefined): string[] {
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
    for (const line of rest) lines.push(...wrapText(line, width, '       ', '       '));
  }
  return lines;
}
