import { FAILURE_CLASSES } from '#core/classify/index.js';
import { formatDuration } from '../kit/index.js';
import { columnWidths, formatTable } from '../table.js';
import type { ReasonCount } from './reason-groups.js';
import type { ClassTally, ReplayReport } from './report.js';

const COLUMNS = ['EVENTS', 'RETRIED', 'GIVEN UP', 'IGNORED', 'DUPLICATES'] as const;
/** Titles printed per alert group; `--json` has every kept example with its summary. */
const SHOWN_TITLES = 3;

const n = (value: number) => value.toLocaleString('en-US');
const events = (count: number) => `${n(count)} event${count === 1 ? '' : 's'}`;

/**
 * The replay report as text for a terminal: a table per failure class with a total row, why failures
 * were given up and events ignored (by reason, durations in human units), the other events, the alerts
 * that would have been sent, the inputs that could not be used, and notes when the replay may differ
 * from production (events out of time order, lineages forgotten). An interrupted replay says so first.
 */
export function renderReport(report: ReplayReport): string {
  const out: string[] = [];
  if (report.interrupted) {
    out.push(
      `Interrupted (Ctrl-C): this report covers only the ${events(report.totals.events)} read before it.`,
      '',
    );
  }
  const policies = report.policies.map((p) => `${p.name} v${p.version}`).join(', ');
  out.push(`Replayed ${events(report.totals.events)}${span(report)} under policies ${policies}.`, '');
  out.push(...classTable(report), '');
  out.push(...reasonLines('Given up, by reason:', report.givenUpReasons));
  out.push(...reasonLines('Ignored, by reason:', report.ignoredReasons));

  const other = report.totals.events - report.totals.failed;
  const ignoredOther = other - report.totals.recovered;
  out.push(
    `Other events: ${n(other)} (${n(report.totals.recovered)} closed a lineage as RECOVERED, ` +
      `${n(ignoredOther)} ignored: not failures, or successes of jobs never retried).`,
    '',
  );
  out.push(...alertLines(report), ...unparseableLines(report), ...notes(report));
  return `${out.join('\n').trimEnd()}\n`;
}

/** ` from <first> to <last> (<how long>)`, ` at <time>` for one moment, or '' when no event had a time. */
function span(report: ReplayReport): string {
  const { firstEventAt: first, lastEventAt: last } = report;
  if (first === undefined || last === undefined) return '';
  if (first === last) return ` at ${first}`;
  return ` from ${first} to ${last} (${formatDuration((Date.parse(last) - Date.parse(first)) / 1000)} of events)`;
}

/** A heading, then one line per reason with its count, most frequent first; nothing when there are none. */
function reasonLines(heading: string, reasons: readonly ReasonCount[]): string[] {
  if (reasons.length === 0) return [];
  const [width = 0] = columnWidths(reasons.map((r) => [n(r.count)]));
  return [heading, ...reasons.map((r) => `  ${n(r.count).padStart(width)}  ${r.reason}`), ''];
}

function classTable(report: ReplayReport): string[] {
  if (report.totals.failed === 0) return ['No FAILED events.'];
  const rows: string[][] = [];
  const sum = { events: 0, retried: 0, givenUp: 0, ignored: 0, duplicates: 0 };
  for (const failureClass of FAILURE_CLASSES) {
    const tally = report.classes[failureClass];
    if (tally === undefined) continue;
    rows.push([failureClass, ...cells(tally)]);
    for (const key of Object.keys(sum) as (keyof ClassTally)[]) sum[key] += tally[key];
  }
  rows.push(['all failures', ...cells(sum)]);
  const header = ['CLASS', ...COLUMNS];
  return formatTable([header, ...rows], {
    align: ['left', ...COLUMNS.map(() => 'right' as const)],
    padLast: true,
  });
}

function cells(tally: ClassTally): string[] {
  return [tally.events, tally.retried, tally.givenUp, tally.ignored, tally.duplicates].map(n);
}

function alertLines(report: ReplayReport): string[] {
  if (report.alerts.length === 0) return ['No alerts would have been sent.', ''];
  const total = report.alerts.reduce((sum, group) => sum + group.count, 0);
  const out = [`Alerts that would have been sent: ${n(total)} in ${n(report.alerts.length)} group(s)`];
  const [width = 0] = columnWidths(report.alerts.map((group) => [n(group.count)]));
  for (const group of report.alerts) {
    out.push(`  ${n(group.count).padStart(width)}  ${group.fingerprint}`);
    for (const example of group.examples.slice(0, SHOWN_TITLES)) {
      out.push(`  ${' '.repeat(width)}    ${example.title}`);
    }
  }
  const first = report.alerts[0]?.examples[0];
  if (first !== undefined) out.push('', `First alert in full: ${first.summary}`);
  out.push('');
  return out;
}

function unparseableLines(report: ReplayReport): string[] {
  const { count, first } = report.unparseable;
  if (count === 0) return [];
  const listed = count > first.length ? ` (the first ${first.length} listed)` : '';
  return [
    `Could not use ${n(count)} input(s)${listed}; the report above leaves them out:`,
    ...first.map((u) => `  ${u.source}: ${u.problem}`),
    'Fix or remove those inputs and run again for a complete replay.',
    '',
  ];
}

function notes(report: ReplayReport): string[] {
  const out: string[] = [];
  if (report.outOfOrder > 0) {
    out.push(
      `Note: ${n(report.outOfOrder)} event(s) arrived later than the reorder window ` +
        `(${n(report.reorderWindow)} events) allows and were decided out of time order; ` +
        'raise --reorder-window to put them in order.',
    );
  }
  if (report.evicted > 0) {
    out.push(
      `Note: ${n(report.evicted)} lineage(s) were forgotten to keep at most ${n(report.maxLineages)} in ` +
        'memory; a later failure of one of their jobs started with fresh budgets. Raise --max-lineages ' +
        'for an exact replay.',
    );
  }
  return out;
}
