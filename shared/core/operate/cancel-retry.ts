import type { OperatorAction } from '../lineage/operator-action.js';
import type { DecisionRecord, Lineage } from '../lineage/types.js';
import { type AnnounceDeps, announce } from '../workflow/announce.js';
import { closedNews } from '../workflow/lineage-news.js';
import {
  boundedReason,
  changedMeanwhile,
  confirmedChange,
  lineageOfJob,
  type OperatorDeps,
  type Requester,
  utc,
} from './operator-deps.js';
import { OperatorRefusal } from './operator-refusal.js';

/** What `cancel-retry` needs: the lineage, and whom to tell (lineage event, waiting tasks). */
export interface CancelDeps extends OperatorDeps, AnnounceDeps {}

export interface CancelRequest extends Requester {
  /** Any job id of the lineage. */
  readonly jobId: string;
}

/** The retry that will not be submitted, for the person to confirm. */
export interface CancelPlan {
  readonly lineage: Lineage;
  readonly scheduled: DecisionRecord;
}

export interface CancelDone {
  readonly lineage: Lineage;
  /** Why the lineage event or the answer to a waiting task could not be sent (the cancel stands). */
  readonly notAnnounced?: Error;
}

/** The plan in one sentence, for the confirmation prompt. */
export function describeCancelPlan(plan: CancelPlan): string {
  const { lineage, scheduled } = plan;
  const due = scheduled.dueAt === undefined ? '' : `, due ${utc(scheduled.dueAt)}`;
  return (
    `cancel the scheduled retry of job ${scheduled.failedJobId} (${lineage.rootJobName}${due}); lineage ` +
    `${lineage.rootJobId} closes as CANCELLED after ${lineage.totalAttempts} attempt(s)`
  );
}

function closedAlready(lineage: Lineage): OperatorRefusal {
  const cancel = lineage.operatorActions?.findLast((a) => a.action === 'CANCEL');
  const by =
    lineage.status === 'CANCELLED' && cancel !== undefined
      ? ` by ${cancel.by} at ${utc(cancel.at)} (${cancel.reason})`
      : '';
  return new OperatorRefusal(
    `lineage ${lineage.rootJobId} is already closed as ${lineage.status}${by}: nothing to cancel`,
  );
}

/** Reads the lineage of `request.jobId` and finds the retry to cancel, or refuses (nothing changed). */
export async function planCancel(request: CancelRequest, deps: CancelDeps): Promise<CancelPlan> {
  const lineage = await lineageOfJob(request.jobId, deps);
  if (lineage.status !== 'OPEN') throw closedAlready(lineage);
  const last = lineage.decisions.at(-1);
  const root = lineage.rootJobId;
  const submission = last?.submission;
  if (last?.action !== 'RETRY') {
    throw new OperatorRefusal(`lineage ${root} has no retry scheduled: nothing to cancel`);
  }
  if (submission?.state === 'SUBMITTED') {
    const child = submission.childJobId ?? '(unknown)';
    throw new OperatorRefusal(
      `the retry of lineage ${root} already runs as job ${child}: to stop it, ` +
        `\`aws batch terminate-job --job-id ${child} --reason "<why>"\` (batch-retry does not retry a cancelled job unless a policy says so)`,
    );
  }
  if (submission?.state === 'CLAIMED') {
    throw new OperatorRefusal(
      `the retry of lineage ${root} is being submitted right now (claimed at ${utc(submission.claimedAt)}): ` +
        `look again in a minute with \`batch-retry lineage ${root}\` and terminate the new job if needed`,
    );
  }
  return { lineage, scheduled: last };
}

/**
 * Closes the lineage as CANCELLED with who and why (one conditional write: of two people at once,
 * one wins and the other is told who), then announces it: a lineage event, and BatchRetry.Cancelled
 * to every task waiting on it. The resubmit function finds the lineage closed and submits nothing.
 */
export async function carryOutCancel(
  plan: CancelPlan,
  request: CancelRequest,
  deps: CancelDeps,
): Promise<CancelDone> {
  const at = deps.clock.now();
  const action: OperatorAction = {
    action: 'CANCEL',
    by: request.by,
    at,
    reason: boundedReason(request.reason),
    failedJobId: plan.scheduled.failedJobId,
  };
  const written = await deps.operator.cancelRetry({
    rootJobId: plan.lineage.rootJobId,
    expectedVersion: plan.lineage.version,
    failedJobId: plan.scheduled.failedJobId,
    action,
  });
  if (written.outcome === 'changed') throw changedMeanwhile(plan.lineage, written.lineage);
  const news = closedNews(written.lineage, { republished: false });
  const [error] = await announce([{ news, answerWaiters: true }], deps);
  return { lineage: written.lineage, ...(error === undefined ? {} : { notAnnounced: error }) };
}

/**
 * `batch-retry cancel-retry`: the scheduled retry of a lineage is not submitted; the lineage closes as
 * CANCELLED. `confirm` sees the plan first; false leaves everything as it was (`undefined` returned).
 */
export async function cancelRetry(
  request: CancelRequest,
  deps: CancelDeps,
  confirm: (plan: CancelPlan) => Promise<boolean> = async () => true,
): Promise<CancelDone | undefined> {
  return confirmedChange(
    () => planCancel(request, deps),
    confirm,
    (plan) => carryOutCancel(plan, request, deps),
  );
}
