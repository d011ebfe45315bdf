import { OrchestratorError } from '../errors.js';
import type { OperatorAction } from '../lineage/operator-action.js';
import type { DecisionRecord, Lineage } from '../lineage/types.js';
import type { RetryMessage } from '../orchestrator/retry-message.js';
import { HARD_LIMITS } from '../policy/limits.js';
import type { SubmitJobInput } from '../ports/batch.js';
import type { DelayQueuePort } from '../ports/delay-queue.js';
import { buildSubmitRequest } from '../submit/build-request.js';
import { ResubmissionError } from '../submit/errors.js';
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

/** What `retry` needs beyond the lineage: the retries queue the resubmit function reads. */
export interface RetryDeps extends OperatorDeps {
  readonly retries: DelayQueuePort<RetryMessage>;
}

export interface RetryRequest extends Requester {
  /** Any job id of the lineage. */
  readonly jobId: string;
  /** A retry already scheduled is brought forward to now (without it, such a lineage is refused). */
  readonly now: boolean;
}

/**
 * What a retry will do, for the person to confirm. `reopen`: a lineage that gave up (or was
 * cancelled) gets one more attempt of its last failed job, as the person's decision. `bring-forward`:
 * the retry it already has scheduled is due now.
 */
export type RetryPlan =
  | {
      readonly kind: 'reopen';
      readonly lineage: Lineage;
      readonly decision: DecisionRecord;
      readonly replaces: DecisionRecord;
    }
  | { readonly kind: 'bring-forward'; readonly lineage: Lineage; readonly scheduled: DecisionRecord };

export interface RetryDone {
  readonly plan: RetryPlan;
  /** The lineage as stored after the person's decision. */
  readonly lineage: Lineage;
  /** The message handed to the resubmit function. */
  readonly message: RetryMessage;
}

/** The plan in one sentence, for the confirmation prompt and the output. */
export function describeRetryPlan(plan: RetryPlan): string {
  const { lineage } = plan;
  if (plan.kind === 'bring-forward') {
    const due = plan.scheduled.dueAt === undefined ? '' : ` (due ${utc(plan.scheduled.dueAt)})`;
    return (
      `bring the scheduled retry of job ${plan.scheduled.failedJobId} (${lineage.rootJobName}) forward to now${due}; ` +
      `lineage ${lineage.rootJobId} has used ${lineage.totalAttempts} attempt(s)`
    );
  }
  const request = plan.decision.request;
  return (
    `retry job ${plan.replaces.failedJobId} (${lineage.rootJobName}) once more: lineage ${lineage.rootJobId} is ` +
    `${lineage.status} after ${lineage.totalAttempts} attempt(s) (last decision: ${plan.replaces.reason}); ` +
    `it is submitted to queue ${request?.jobQueue ?? plan.replaces.jobQueue} as attempt ${plan.decision.childAttempt}`
  );
}

/** Reads the lineage of `request.jobId` and works out the retry, or refuses (nothing changed). */
export async function planRetry(request: RetryRequest, deps: RetryDeps): Promise<RetryPlan> {
  const lineage = await lineageOfJob(request.jobId, deps);
  const last = lineage.decisions.at(-1);
  const root = lineage.rootJobId;
  if (last === undefined) throw new OperatorRefusal(`lineage ${root} holds no decision to retry`);
  if (lineage.status === 'RECOVERED') {
    throw new OperatorRefusal(
      `lineage ${root} recovered (job ${last.submission?.childJobId ?? last.failedJobId} succeeded): nothing to retry`,
    );
  }
  if (lineage.status === 'OPEN') return planOpen(lineage, last, request);
  const now = deps.clock.now();
  if (lineage.totalAttempts >= HARD_LIMITS.maxAttempts) {
    throw new OperatorRefusal(
      `lineage ${root} has used ${lineage.totalAttempts} attempts, the hard limit of ${HARD_LIMITS.maxAttempts}: ` +
        'submit the job yourself (a new lineage)',
    );
  }
  if (now - lineage.createdAt >= HARD_LIMITS.maxLineageAgeSeconds * 1000) {
    throw new OperatorRefusal(
      `lineage ${root} began ${utc(lineage.createdAt)}, past the hard limit of 14 days: submit the job yourself (a new lineage)`,
    );
  }
  const childAttempt = lineage.totalAttempts + 1;
  const submit = last.request ?? (await rebuiltRequest(lineage, last, childAttempt, deps));
  const {
    submission: _submission,
    orphans: _orphans,
    replaced: _replaced,
    decidedBy: _decidedBy,
    request: _request,
    ...failed
  } = last;
  const decision: DecisionRecord = {
    ...failed,
    action: 'RETRY',
    reason: boundedReason(request.reason),
    decidedAt: now,
    dueAt: now,
    delaySeconds: 0,
    childAttempt,
    request: submit,
    decidedBy: request.by,
    replaced: { action: last.action, reason: last.reason, decidedAt: last.decidedAt },
  };
  return { kind: 'reopen', lineage, decision, replaces: last };
}

function planOpen(lineage: Lineage, last: DecisionRecord, request: RetryRequest): RetryPlan {
  const root = lineage.rootJobId;
  const submission = last.submission;
  if (last.action === 'RETRY' && submission === undefined) {
    if (request.now) return { kind: 'bring-forward', lineage, scheduled: last };
    const due = last.dueAt === undefined ? 'shortly' : `at ${utc(last.dueAt)}`;
    throw new OperatorRefusal(
      `lineage ${root} already has a retry of job ${last.failedJobId} scheduled ${due}: add --now to submit it now`,
    );
  }
  if (submission?.state === 'SUBMITTED') {
    throw new OperatorRefusal(
      `lineage ${root} is running its retry as job ${submission.childJobId}: wait for it ` +
        `(\`batch-retry lineage wait ${submission.childJobId}\`)`,
    );
  }
  if (submission?.state === 'CLAIMED') {
    throw new OperatorRefusal(
      `lineage ${root} is submitting its retry of job ${last.failedJobId} right now (claimed at ${utc(submission.claimedAt)}): look again in a minute`,
    );
  }
  throw new OperatorRefusal(`lineage ${root} is open and waiting for its next event: nothing to retry yet`);
}

/** The request of a failed job batch-retry gave up on, rebuilt from what Batch still says of it. */
async function rebuiltRequest(
  lineage: Lineage,
  failed: DecisionRecord,
  attempt: number,
  deps: RetryDeps,
): Promise<SubmitJobInput> {
  const job = await deps.jobs.describeJob(failed.failedJobId);
  if (job === undefined) {
    throw new OperatorRefusal(
      `AWS Batch no longer keeps job ${failed.failedJobId} (it keeps finished jobs for about 7 days), so it cannot be ` +
        'resubmitted as it was: submit it yourself (a new lineage)',
    );
  }
  const lastDelay = lineage.decisions.findLast((d) => d.delaySeconds !== undefined)?.delaySeconds;
  try {
    return buildSubmitRequest(job, {
      lineage: {
        rootJobId: lineage.rootJobId,
        parentJobId: failed.failedJobId,
        attempt,
        policyName: lineage.policyName,
        state: {
          totalAttempts: lineage.totalAttempts,
          counts: lineage.counts,
          policyVersion: lineage.policyVersion,
          createdAt: lineage.createdAt,
          ...(lastDelay === undefined ? {} : { lastDelaySeconds: lastDelay }),
        },
      },
    }).request;
  } catch (error) {
    if (!(error instanceof ResubmissionError)) throw error;
    throw new OperatorRefusal(`job ${failed.failedJobId} cannot be resubmitted as it was: ${error.message}`);
  }
}

/**
 * Records the person's decision (one conditional write at the version they saw: of two people at
 * once, one wins and the other is told who), then hands the retry, due now, to the resubmit
 * function through the retries queue.
 */
export async function carryOutRetry(
  plan: RetryPlan,
  request: RetryRequest,
  deps: RetryDeps,
): Promise<RetryDone> {
  const at = deps.clock.now();
  const { lineage } = plan;
  const failedJobId = plan.kind === 'reopen' ? plan.decision.failedJobId : plan.scheduled.failedJobId;
  const action: OperatorAction = {
    action: 'RETRY',
    by: request.by,
    at,
    reason: boundedReason(request.reason),
    failedJobId,
    dueAt: at,
  };
  const base = { rootJobId: lineage.rootJobId, expectedVersion: lineage.version, action };
  const written =
    plan.kind === 'reopen'
      ? await deps.operator.reopenWithRetry({ ...base, decision: plan.decision })
      : await deps.operator.bringRetryForward({ ...base, failedJobId });
  if (written.outcome === 'changed') throw changedMeanwhile(lineage, written.lineage);
  const message: RetryMessage = {
    v: 2,
    rootJobId: lineage.rootJobId,
    failedJobId,
    dueAt: at,
    notAfter: lineage.createdAt + HARD_LIMITS.maxLineageAgeSeconds * 1000,
  };
  try {
    await deps.retries.send(message, 0);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new OrchestratorError(
      `the retry is recorded in the ledger, but could not be handed to the resubmit function (${why}); ` +
        `\`batch-retry retry ${lineage.rootJobId} --now\` hands it over again`,
      { transient: true, cause },
    );
  }
  return { plan, lineage: written.lineage, message };
}

/**
 * `batch-retry retry`: one more attempt for a lineage that gave up or was cancelled, or its
 * scheduled retry brought forward (`now`), recorded as the person's decision within the hard
 * limits. `confirm` sees the plan first; false leaves everything as it was (`undefined` returned).
 */
export async function retryLineage(
  request: RetryRequest,
  deps: RetryDeps,
  confirm: (plan: RetryPlan) => Promise<boolean> = async () => true,
): Promise<RetryDone | undefined> {
  return confirmedChange(
    () => planRetry(request, deps),
    confirm,
    (plan) => carryOutRetry(plan, request, deps),
  );
}
