import { type NotResubmitted, notResubmittedAlert } from '../alerts/lineage-alerts.js';
import { OrchestratorError } from '../errors.js';
import { findDecision } from '../lineage/find-decision.js';
import type { DecisionRecord, Lineage } from '../lineage/types.js';
import { HARD_LIMITS } from '../policy/limits.js';
import type { AlertPort } from '../ports/alert.js';
import type { BatchPort } from '../ports/batch.js';
import type { Clock, Random } from '../ports/clock.js';
import { type DelayQueuePort, MAX_QUEUE_DELAY_SECONDS } from '../ports/delay-queue.js';
import type { LedgerPort } from '../ports/ledger.js';
import type { LogPort } from '../ports/log.js';
import { LINEAGE_TAG_KEYS } from '../submit/lineage-tags.js';
import type { RetryMessage } from './retry-message.js';

/**
 * How long a claim protects an in-flight SubmitJob before another worker may look for its child
 * and take over. Longer than the resubmit function's timeout, so a live worker is never overtaken.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

/** ListJobs looks back this far before the claim, for clock skew between Lambda and Batch. */
const CREATED_AFTER_SKEW_MS = 5 * 60_000;

export interface ResubmitDeps {
  readonly ledger: LedgerPort;
  readonly batch: BatchPort;
  readonly alerts: AlertPort;
  readonly retries: DelayQueuePort<RetryMessage>;
  readonly clock: Clock;
  readonly random: Random;
  readonly log: LogPort;
}

export type ResubmitOutcome =
  | { readonly outcome: 'deferred'; readonly delaySeconds: number }
  | { readonly outcome: 'submitted'; readonly childJobId: string }
  | { readonly outcome: 'recovered-child'; readonly childJobId: string }
  | { readonly outcome: 'already-submitted'; readonly childJobId: string | undefined }
  | { readonly outcome: 'nothing-to-do'; readonly reason: string }
  /** Batch refused the request for good (e.g. a deregistered job definition): the lineage gave up. */
  | { readonly outcome: 'gave-up'; readonly reason: string };

/** A live claim exists and its lease has not expired: transient, SQS redelivers after the visibility timeout. */
export class ClaimInProgressError extends OrchestratorError {
  constructor(message: RetryMessage, claimedAt: number) {
    super(
      `job ${message.failedJobId}: another worker claimed its resubmission at ${new Date(claimedAt).toISOString()}; will check again`,
      { transient: true, context: { ...message } },
    );
  }
}

function claimToken(random: Random): string {
  let token = '';
  for (let i = 0; i < 4; i++) {
    token += Math.floor(random.next() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  }
  return token;
}

/**
 * Handles one message of the retries queue: re-enqueue when not yet due (chained hops, so any delay
 * works and survives restarts), otherwise claim the resubmission in the ledger, call SubmitJob, and
 * record the child (G2). A claim left by a crashed worker is recovered after its lease: the child is
 * looked up by name and lineage tag, and only when none exists is the claim taken over and submitted.
 */
export async function handleRetryMessage(
  message: RetryMessage,
  deps: ResubmitDeps,
): Promise<ResubmitOutcome> {
  const now = deps.clock.now();
  const lineage = await deps.ledger.getLineage(message.rootJobId);
  const decision = lineage === undefined ? undefined : findDecision(lineage, message.failedJobId);
  if (lineage === undefined || decision === undefined || decision.action !== 'RETRY') {
    return {
      outcome: 'nothing-to-do',
      reason: `no RETRY decision is recorded for job ${message.failedJobId}`,
    };
  }
  if (decision.submission?.state === 'SUBMITTED') {
    return { outcome: 'already-submitted', childJobId: decision.submission.childJobId };
  }
  if (lineage.status !== 'OPEN') {
    return {
      outcome: 'nothing-to-do',
      reason: `lineage ${lineage.rootJobId} is closed as ${lineage.status}`,
    };
  }
  const ageSeconds = Math.floor((now - lineage.createdAt) / 1000);
  if (ageSeconds > HARD_LIMITS.maxLineageAgeSeconds) {
    // Retries can wait longer than planned (the resubmit function paused, a long breaker pause): the
    // hard limit on lineage age holds at submit time too.
    return giveUp(message, decision, lineage, deps, now, {
      headline: 'the lineage is past its age limit',
      why:
        `when the retry came due the lineage was ${Math.floor(ageSeconds / 86_400)} days old, past the hard ` +
        `limit of ${HARD_LIMITS.maxLineageAgeSeconds / 86_400} days (were retries paused?).`,
      next: 'check why the job keeps failing, then submit it again by hand; that starts a new lineage.',
    });
  }
  if (message.dueAt > now) {
    const delaySeconds = Math.min(Math.ceil((message.dueAt - now) / 1000), MAX_QUEUE_DELAY_SECONDS);
    await deps.retries.send(message, delaySeconds);
    return { outcome: 'deferred', delaySeconds };
  }
  const request = decision.request;
  if (request === undefined) {
    return {
      outcome: 'nothing-to-do',
      reason: `the decision for job ${message.failedJobId} holds no request`,
    };
  }

  let token = claimToken(deps.random);
  const claim = await deps.ledger.claimSubmission({ ...message, claimToken: token, at: now });
  if (claim.outcome === 'no-decision') {
    return {
      outcome: 'nothing-to-do',
      reason: `no RETRY decision is recorded for job ${message.failedJobId}`,
    };
  }
  if (claim.outcome === 'held' && claim.submission.state === 'SUBMITTED') {
    return { outcome: 'already-submitted', childJobId: claim.submission.childJobId };
  }
  // A held claim with our own token is ours: the write went through but its answer was lost.
  if (claim.outcome === 'held' && claim.submission.claimToken !== token) {
    const held = claim.submission;
    if (now - held.claimedAt < CLAIM_LEASE_MS) throw new ClaimInProgressError(message, held.claimedAt);

    // The holder crashed somewhere around SubmitJob. SubmitJob has no idempotency token, so look for
    // the child it may have created before deciding to submit again.
    const found = await deps.batch.findJobsByName({
      jobQueue: request.jobQueue,
      jobName: request.jobName,
      createdAfter: held.claimedAt - CREATED_AFTER_SKEW_MS,
    });
    const child = found.find((j) => j.tags[LINEAGE_TAG_KEYS.parentJobId] === message.failedJobId);
    if (child !== undefined) {
      await deps.ledger.recordSubmission({
        ...message,
        claimToken: held.claimToken,
        childJobId: child.jobId,
        at: now,
      });
      deps.log.info('found the child of an interrupted resubmission', {
        ...message,
        childJobId: child.jobId,
      });
      return { outcome: 'recovered-child', childJobId: child.jobId };
    }
    token = claimToken(deps.random);
    const tookOver = await deps.ledger.takeOverClaim({
      ...message,
      staleToken: held.claimToken,
      claimToken: token,
      at: now,
    });
    if (!tookOver) throw new ClaimInProgressError(message, held.claimedAt);
  }

  let child: Awaited<ReturnType<BatchPort['submitJob']>>;
  try {
    child = await deps.batch.submitJob(request);
  } catch (error) {
    if (error instanceof OrchestratorError && error.notApplied) {
      // Throttled: Batch created nothing, so end the claim's lease now; the redelivery then checks
      // for a child and submits without waiting out the lease (and the queue's receive limit).
      await deps.ledger.releaseClaim({ ...message, claimToken: token, at: now });
    }
    if (!(error instanceof OrchestratorError) || error.transient) throw error;
    // Batch will never accept this request (a deregistered job definition, a deleted queue): retrying
    // the message cannot help, so the lineage gives up and a person is told what Batch said.
    return giveUp(message, decision, lineage, deps, now, {
      headline: 'AWS Batch refused the request',
      why: `AWS Batch refused the resubmission: ${error.message}`,
      next: 'fix what Batch names (job definition, queue, limits), then submit the job again by hand.',
    });
  }
  await deps.ledger.recordSubmission({ ...message, claimToken: token, childJobId: child.jobId, at: now });
  deps.log.info('resubmitted failed job', {
    ...message,
    childJobId: child.jobId,
    jobName: request.jobName,
    jobQueue: request.jobQueue,
  });
  return { outcome: 'submitted', childJobId: child.jobId };
}

/**
 * Ends a lineage whose decided retry will not be carried out. The alert goes first: a crash in between
 * repeats it on redelivery rather than losing it.
 */
async function giveUp(
  message: RetryMessage,
  decision: DecisionRecord,
  lineage: Lineage,
  deps: ResubmitDeps,
  now: number,
  reason: NotResubmitted,
): Promise<ResubmitOutcome> {
  await deps.alerts.publish(notResubmittedAlert(decision, lineage, reason, now));
  await deps.ledger.closeLineage({ rootJobId: message.rootJobId, status: 'GAVE_UP', at: now });
  deps.log.warn(`gave up on a decided retry: ${reason.headline}`, { ...message, why: reason.why });
  return { outcome: 'gave-up', reason: reason.why };
}
