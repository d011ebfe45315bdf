import type { RunMetrics } from '../sim/index.js';
import { formatTable } from '../table.js';

/** The two numbers issue-level comparisons rest on: policy over native. */
export interface Comparison {
  /** Recoverable losses, policy / native; null when native lost no job that could have succeeded. */
  readonly recoverableLossRatio: number | null;
  /** Cost, policy / native; null when native cost nothing. */
  readonly costRatio: number | null;
  /**
   * Cost per job that succeeded, policy / native: the price of the work each side finished, which
   * `costRatio` mixes with the work the policy recovered. Null when a side finished no job.
   */
  readonly costPerSuccessRatio: number | null;
}

/** USD per job that succeeded; null when none did. */
function costPerSuccess(m: RunMetrics): number | null {
  return m.succeeded === 0 ? null : m.cost / m.succeeded;
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** Policy over native, for recoverable losses and for cost. */
export function comparison(native: RunMetrics, policy: RunMetrics): Comparison {
  return {
    recoverableLossRatio:
      native.recoverableLost === 0 ? null : policy.recoverableLost / native.recoverableLost,
    costRatio: native.cost === 0 ? null : policy.cost / native.cost,
    costPerSuccessRatio: ratio(costPerSuccess(policy), costPerSuccess(native)),
  };
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const hours = (x: number) => x.toFixed(1);
const usd = (x: number) => `$${x.toFixed(2)}`;
const usdPerJob = (x: number | null) => (x === null ? 'n/a' : `$${x.toFixed(4)}`);
const minutes = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} min`);

/** How an alert kind reads in the alerts row, for one alert and for several. */
const ALERT_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  GAVE_UP: ['gave up', 'gave up'],
  BREAKER_OPEN: ['breaker opening', 'breaker openings'],
  BREAKER_CLOSED: ['breaker closing', 'breaker closings'],
  NOT_RESUBMITTED: ['not resubmitted', 'not resubmitted'],
  RETRYING: ['retrying', 'retrying'],
  RECOVERED: ['recovered', 'recovered'],
};

/** `4 / 2`: the messages that reached each channel after aggregation. */
function messagesCell(m: RunMetrics): string {
  return `${m.messages.sns} / ${m.messages.slack}`;
}

/** `100 (94 gave up, 6 breaker openings)`, or `0`. */
function alertsCell(m: RunMetrics): string {
  const parts = Object.entries(m.alertsByKind).map(([kind, n]) => {
    const [one, many] = ALERT_LABELS[kind] ?? [
      kind.toLowerCase().replace(/_/g, ' '),
      kind.toLowerCase().replace(/_/g, ' '),
    ];
    return `${n} ${n === 1 ? one : many}`;
  });
  return parts.length === 0 ? String(m.alerts) : `${m.alerts} (${parts.join(', ')})`;
}

/** The side-by-side table of a compare, one line per row. */
export function compareTable(native: RunMetrics, policy: RunMetrics): string[] {
  const rows: [string, string, string][] = [
    ['', 'NATIVE', 'POLICY'],
    ['success rate', percent(native.successRate), percent(policy.successRate)],
    [
      'succeeded / gave up',
      `${native.succeeded} / ${native.gaveUp}`,
      `${policy.succeeded} / ${policy.gaveUp}`,
    ],
    ['lost, could have succeeded', String(native.recoverableLost), String(policy.recoverableLost)],
    ['lost, no retry could save', String(native.unrecoverable), String(policy.unrecoverable)],
    ['attempts', String(native.attempts), String(policy.attempts)],
    ['SubmitJob calls', String(native.submissions), String(policy.submissions)],
    ['compute hours', hours(native.computeHours), hours(policy.computeHours)],
    ['wasted compute hours', hours(native.wastedComputeHours), hours(policy.wastedComputeHours)],
    ['cost (USD)', usd(native.cost), usd(policy.cost)],
    ['wasted cost (USD)', usd(native.wastedCost), usd(policy.wastedCost)],
    ['cost per succeeded job (USD)', usdPerJob(costPerSuccess(native)), usdPerJob(costPerSuccess(policy))],
    ['alerts raised', alertsCell(native), alertsCell(policy)],
    ['messages sent (SNS / Slack)', messagesCell(native), messagesCell(policy)],
    [
      'peak resubmissions per second',
      String(native.peakResubmitsPerSecond),
      String(policy.peakResubmitsPerSecond),
    ],
    ['p50 time to success', minutes(native.p50TimeToSuccessMinutes), minutes(policy.p50TimeToSuccessMinutes)],
    ['p95 time to success', minutes(native.p95TimeToSuccessMinutes), minutes(policy.p95TimeToSuccessMinutes)],
  ];
  return formatTable(rows, { align: ['left', 'right', 'right'], padLast: true });
}

/** The two ratio lines under the table. */
export function comparisonLines(native: RunMetrics, policy: RunMetrics): string[] {
  const { recoverableLossRatio, costRatio, costPerSuccessRatio } = comparison(native, policy);
  const losses =
    recoverableLossRatio === null
      ? `policy ${policy.recoverableLost}, native none`
      : `${policy.recoverableLost} / ${native.recoverableLost} = ${recoverableLossRatio.toFixed(2)}`;
  const cost =
    costRatio === null
      ? 'native cost nothing'
      : `${usd(policy.cost)} / ${usd(native.cost)} = ${costRatio.toFixed(2)}x` +
        (costPerSuccessRatio === null ? '' : `; per succeeded job ${costPerSuccessRatio.toFixed(2)}x`);
  return [`Recoverable losses, policy / native: ${losses}`, `Cost, policy / native: ${cost}`];
}

/** One sentence: which side finished more jobs, and what that cost in money and wasted compute. */
export function verdict(native: RunMetrics, policy: RunMetrics): string {
  const jobs = policy.succeeded - native.succeeded;
  const cost = policy.cost - native.cost;
  const wasted = policy.wastedComputeHours - native.wastedComputeHours;
  const share = percent(native.cost === 0 ? 0 : Math.abs(cost) / native.cost);
  // Differences that round to nothing are said as such: "costs $0.00 less (-0.0%)" says nothing.
  const costText =
    usd(Math.abs(cost)) === usd(0)
      ? 'costs the same'
      : cost > 0
        ? `costs ${usd(cost)} more (+${share})`
        : `costs ${usd(-cost)} less (-${share})`;
  const wastedText =
    hours(Math.abs(wasted)) === hours(0)
      ? 'the same wasted compute hours'
      : `${hours(Math.abs(wasted))} ${wasted < 0 ? 'fewer' : 'more'} wasted compute hours`;
  const rates = `${percent(policy.successRate)} vs ${percent(native.successRate)}`;
  if (jobs > 0) {
    return `the policy finishes ${jobs} more jobs than native retries (${rates} success), ${costText}, with ${wastedText}.`;
  }
  if (jobs < 0) {
    return `native retries finish ${-jobs} more jobs than the policy (${rates} success); the policy ${costText}, with ${wastedText}.`;
  }
  return `both finish the same jobs (${rates} success); the policy ${costText}, with ${wastedText}.`;
}
