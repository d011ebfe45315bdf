import type { FailureClass } from '../classify/classes.js';
import type { ClassCounts, DecisionRecord, Lineage } from '../lineage/types.js';

/** `source` of every lineage event batch-retry puts on EventBridge. */
export const LINEAGE_EVENT_SOURCE = 'batch-retry';

/** `detail-type` of each lineage event. */
export const LINEAGE_DETAIL_TYPES = {
  /** A failed job of the lineage was resubmitted: `latestJobId` is the new job to follow. */
  resubmitted: 'Batch Retry Lineage Resubmitted',
  /** The lineage ended: RECOVERED, SUCCEEDED (first run), GAVE_UP or CANCELLED. */
  closed: 'Batch Retry Lineage Closed',
} as const;

/** Version of the detail's shape (docs/workflows.md, "Lineage events"); a breaking change adds one. */
export const LINEAGE_EVENT_SCHEMA_VERSION = 1;

/**
 * What a lineage event says. OPEN: resubmitted, still running. SUCCEEDED: the job succeeded on its
 * first run (only announced when a Step Functions task waits on it). The others are the lineage's
 * final status.
 */
export type LineageNewsStatus = 'OPEN' | 'RECOVERED' | 'SUCCEEDED' | 'GAVE_UP' | 'CANCELLED';

/**
 * The `detail` of a lineage event, schema version 1, and the output or cause a waiting Step Functions
 * task receives. Every copy of one change has the same `eventId`; a copy batch-retry publishes again
 * after a redelivery or a crash has `republished: true`. Consumers drop an `eventId` they have seen.
 */
export interface LineageNews {
  readonly schemaVersion: typeof LINEAGE_EVENT_SCHEMA_VERSION;
  readonly eventId: string;
  readonly republished: boolean;
  readonly status: LineageNewsStatus;
  /** The job the user submitted. */
  readonly rootJobId: string;
  readonly jobName: string;
  /** The job to follow now: the child just submitted, the job that succeeded, or the last one that failed. */
  readonly latestJobId: string;
  /** Class of the lineage's latest failure; absent for a first-run success. */
  readonly failureClass?: FailureClass;
  /** Why, in words: the decision's reason, what Batch said, or the person's `--reason`. */
  readonly reason?: string;
  /** Failed attempts counted over the whole lineage, native AWS Batch retries included. */
  readonly attempts: number;
  /** `attempts` per failure class. */
  readonly counts: ClassCounts;
  /** The policy governing the lineage (SSM parameter name and version). */
  readonly policy?: { readonly name: string; readonly version: number };
  /** ISO-8601 time of the change. */
  readonly time: string;
  /** CANCELLED: the IAM identity of the person who cancelled. */
  readonly by?: string;
}

/** The job a lineage follows now: the last decision's child, else its failed job. */
export function latestJobOf(lineage: Lineage): string {
  const last = lineage.decisions.at(-1);
  return last?.submission?.childJobId ?? last?.failedJobId ?? lineage.rootJobId;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function common(
  lineage: Lineage,
): Pick<LineageNews, 'schemaVersion' | 'rootJobId' | 'jobName' | 'attempts' | 'counts' | 'policy'> {
  return {
    schemaVersion: LINEAGE_EVENT_SCHEMA_VERSION,
    rootJobId: lineage.rootJobId,
    jobName: lineage.rootJobName,
    attempts: lineage.totalAttempts,
    counts: lineage.counts,
    policy: { name: lineage.policyName, version: lineage.policyVersion },
  };
}

/** News of the child `childJobId` submitted for `decision`'s failed job. */
export function resubmittedNews(args: {
  readonly lineage: Lineage;
  readonly decision: DecisionRecord;
  readonly childJobId: string;
  readonly at: number;
  readonly republished: boolean;
}): LineageNews {
  const { lineage, decision, childJobId } = args;
  return {
    ...common(lineage),
    eventId: `${lineage.rootJobId}/resubmitted/${childJobId}`,
    republished: args.republished,
    status: 'OPEN',
    latestJobId: childJobId,
    failureClass: decision.failureClass,
    reason: decision.reason,
    time: iso(args.at),
  };
}

/**
 * News of a closed lineage. `latestJobId` defaults to {@link latestJobOf}, `reason` to the last
 * decision's (for GAVE_UP), the person's (CANCELLED) or a sentence (RECOVERED).
 */
export function closedNews(
  lineage: Lineage,
  options: { readonly republished: boolean; readonly latestJobId?: string; readonly reason?: string },
): LineageNews {
  if (lineage.status === 'OPEN') throw new Error(`lineage ${lineage.rootJobId} is not closed`);
  const closedAt = lineage.closedAt ?? 0;
  const last = lineage.decisions.at(-1);
  const cancel = lineage.operatorActions?.findLast((a) => a.action === 'CANCEL');
  const latestJobId = options.latestJobId ?? latestJobOf(lineage);
  const reason =
    options.reason ??
    (lineage.status === 'CANCELLED'
      ? cancel?.reason
      : lineage.status === 'RECOVERED'
        ? `job ${latestJobId} succeeded after ${lineage.totalAttempts} failed attempt(s)`
        : last?.reason);
  return {
    ...common(lineage),
    eventId: `${lineage.rootJobId}/closed/${closedAt}`,
    republished: options.republished,
    status: lineage.status,
    latestJobId,
    ...(last === undefined ? {} : { failureClass: last.failureClass }),
    ...(reason === undefined ? {} : { reason }),
    time: iso(closedAt),
    ...(lineage.status === 'CANCELLED' && cancel !== undefined ? { by: cancel.by } : {}),
  };
}

/** News of a job that succeeded on its first run: no lineage, nothing counted. */
export function firstRunSuccessNews(args: {
  readonly jobId: string;
  readonly jobName: string;
  readonly policy?: { readonly name: string; readonly version: number };
  readonly at: number;
  readonly republished: boolean;
}): LineageNews {
  return {
    schemaVersion: LINEAGE_EVENT_SCHEMA_VERSION,
    eventId: `${args.jobId}/succeeded`,
    republished: args.republished,
    status: 'SUCCEEDED',
    rootJobId: args.jobId,
    jobName: args.jobName,
    latestJobId: args.jobId,
    reason: `job ${args.jobId} succeeded on its first run`,
    attempts: 0,
    counts: {},
    ...(args.policy === undefined ? {} : { policy: args.policy }),
    time: iso(args.at),
  };
}

/**
 * The final answer for a job tagged `batch-retry:await` whose failure batch-retry does not decide (a
 * failure derived from a failed dependency, or no policy governs it any more): no lineage exists and
 * none will, so the tasks waiting on it are told it gave up, with why.
 */
export function ignoredFailureNews(args: {
  readonly jobId: string;
  readonly jobName: string;
  readonly why: string;
  readonly at: number;
}): LineageNews {
  return {
    schemaVersion: LINEAGE_EVENT_SCHEMA_VERSION,
    eventId: `${args.jobId}/not-retried`,
    republished: false,
    status: 'GAVE_UP',
    rootJobId: args.jobId,
    jobName: args.jobName,
    latestJobId: args.jobId,
    reason: `job ${args.jobId} failed and batch-retry does not retry it: ${args.why}`,
    attempts: 1,
    counts: {},
    time: iso(args.at),
  };
}

/** The detail-type of `news`. */
export function detailTypeOf(news: LineageNews): string {
  return news.status === 'OPEN' ? LINEAGE_DETAIL_TYPES.resubmitted : LINEAGE_DETAIL_TYPES.closed;
}
