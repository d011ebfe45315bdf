import type { OutcomeKind } from './attempt-outcome.js';
import type { RecordedAttempt, RecordedJob, RunRecord } from './run-record.js';

/** Prices per hour in USD, per vCPU and per GiB of memory, by kind of queue. */
export interface Pricing {
  /** Queue names priced at Spot prices; every other queue is on-demand. */
  readonly spotQueues: readonly string[];
  readonly spot: { readonly perVcpuHour: number; readonly perGiBHour: number };
  readonly onDemand: { readonly perVcpuHour: number; readonly perGiBHour: number };
}

/**
 * What a run cost and achieved. A "job" is a lineage: the job a user submitted plus every job
 * resubmitted for it (grouped by the `batch-retry:root-job-id` tag). Compute time of an attempt runs
 * from STARTING (resources held, image pulled) to its stop; hours are job-hours (one job holding its
 * vCPUs and memory for an hour). Cost = hours x (vCPUs x per-vCPU-hour + GiB x per-GiB-hour) at the
 * price of the attempt's queue.
 */
export interface RunMetrics {
  readonly jobs: number;
  readonly succeeded: number;
  readonly gaveUp: number;
  /** Lineages that ended without success although their job could have succeeded (see `canSucceed`). */
  readonly recoverableLost: number;
  /** Lineages whose job no retry could save (a program that always fails, a missing image). */
  readonly unrecoverable: number;
  /** succeeded / jobs, 0 to 1. */
  readonly successRate: number;
  /** SubmitJob calls (original jobs plus resubmissions). */
  readonly submissions: number;
  /** Attempts across all jobs, including Batch's native retries. */
  readonly attempts: number;
  readonly attemptsByOutcome: Readonly<Record<OutcomeKind, number>>;
  readonly computeHours: number;
  /** Compute hours of attempts that did not succeed. */
  readonly wastedComputeHours: number;
  /** USD. */
  readonly cost: number;
  /** USD spent on attempts that did not succeed. */
  readonly wastedCost: number;
  /** Alerts the run raised (native Batch raises none), each counted as raised (no aggregation). */
  readonly alerts: number;
  /** `alerts` by kind, e.g. `{"GAVE_UP": 94, "BREAKER_OPEN": 6}`. */
  readonly alertsByKind: Readonly<Record<string, number>>;
  /** Messages that reached each channel once alerts were aggregated by cause. */
  readonly messages: { readonly sns: number; readonly slack: number };
  /** The most SubmitJob calls batch-retry made in any one second (resubmissions; native Batch: 0). */
  readonly peakResubmitsPerSecond: number;
  /** From the first SubmitJob of a lineage to its success, in minutes; null when nothing succeeded. */
  readonly p50TimeToSuccessMinutes: number | null;
  readonly p95TimeToSuccessMinutes: number | null;
}

/** Nearest-rank percentile of ascending `sorted`, `p` in (0, 1]. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? null;
}

function attemptHours(a: RecordedAttempt): number {
  return (a.stoppedAt - a.startingAt) / 3_600_000;
}

function hourlyPrice(job: RecordedJob, pricing: Pricing): number {
  const rate = pricing.spotQueues.includes(job.queueName) ? pricing.spot : pricing.onDemand;
  return job.vcpus * rate.perVcpuHour + (job.memoryMiB / 1024) * rate.perGiBHour;
}

/** What a run knows beyond its record: the alerts it raised and which jobs could ever succeed. */
export interface MetricsContext {
  /** The kind of every alert raised, in order; default none. */
  readonly alertKinds?: readonly string[];
  /** False for a lineage (by root job id) whose job no retry could save; default: every job could succeed. */
  readonly canSucceed?: (rootJobId: string) => boolean;
  /** Messages per channel after aggregation; default none. */
  readonly messages?: { readonly sns: number; readonly slack: number };
  /** Times (epoch ms) of the SubmitJob calls batch-retry made; default none. */
  readonly resubmitTimes?: readonly number[];
}

/** The most of `times` (epoch ms) that fall in one whole second. */
function peakPerSecond(times: readonly number[]): number {
  const perSecond = new Map<number, number>();
  let peak = 0;
  for (const time of times) {
    const second = Math.floor(time / 1000);
    const n = (perSecond.get(second) ?? 0) + 1;
    perSecond.set(second, n);
    peak = Math.max(peak, n);
  }
  return peak;
}

/** Computes {@link RunMetrics} from a neutral run record. */
export function computeMetrics(
  record: RunRecord,
  pricing: Pricing,
  context: MetricsContext = {},
): RunMetrics {
  const byOutcome: Record<OutcomeKind, number> = {
    succeed: 0,
    'spot-reclaim': 0,
    'host-lost': 0,
    'image-pull-failure': 0,
    'out-of-memory': 0,
    'app-exit': 0,
    timeout: 0,
  };
  const lineages = new Map<string, { firstSubmit: number; successAt?: number }>();
  let attempts = 0;
  let computeHours = 0;
  let wastedComputeHours = 0;
  let cost = 0;
  let wastedCost = 0;
  for (const job of record.jobs) {
    const lineage = lineages.get(job.rootJobId) ?? { firstSubmit: job.createdAt };
    lineage.firstSubmit = Math.min(lineage.firstSubmit, job.createdAt);
    if (job.status === 'SUCCEEDED' && job.stoppedAt !== undefined) {
      lineage.successAt = Math.min(lineage.successAt ?? job.stoppedAt, job.stoppedAt);
    }
    lineages.set(job.rootJobId, lineage);
    const price = hourlyPrice(job, pricing);
    for (const a of job.attempts) {
      const hours = attemptHours(a);
      attempts++;
      byOutcome[a.outcome]++;
      computeHours += hours;
      cost += hours * price;
      if (!a.succeeded) {
        wastedComputeHours += hours;
        wastedCost += hours * price;
      }
    }
  }
  let unrecoverable = 0;
  let recoverableLost = 0;
  for (const [root, lineage] of lineages) {
    const savable = context.canSucceed?.(root) ?? true;
    if (!savable) unrecoverable++;
    else if (lineage.successAt === undefined) recoverableLost++;
  }
  const alertKinds = context.alertKinds ?? [];
  const alertsByKind: Record<string, number> = {};
  for (const kind of alertKinds) alertsByKind[kind] = (alertsByKind[kind] ?? 0) + 1;
  const times = [...lineages.values()]
    .flatMap((l) => (l.successAt === undefined ? [] : [(l.successAt - l.firstSubmit) / 60_000]))
    .sort((a, b) => a - b);
  const jobs = lineages.size;
  return {
    jobs,
    succeeded: times.length,
    gaveUp: jobs - times.length,
    recoverableLost,
    unrecoverable,
    successRate: jobs === 0 ? 0 : times.length / jobs,
    submissions: record.jobs.length,
    attempts,
    attemptsByOutcome: byOutcome,
    computeHours,
    wastedComputeHours,
    cost,
    wastedCost,
    alerts: alertKinds.length,
    alertsByKind,
    messages: context.messages ?? { sns: 0, slack: 0 },
    peakResubmitsPerSecond: peakPerSecond(context.resubmitTimes ?? []),
    p50TimeToSuccessMinutes: percentile(times, 0.5),
    p95TimeToSuccessMinutes: percentile(times, 0.95),
  };
}
