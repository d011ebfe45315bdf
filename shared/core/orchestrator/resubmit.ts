import { OrchestratorError } from '../errors.js';
import { LedgerStateError } from '../lineage/errors.js';
import { findDecision } from '../lineage/find-decision.js';
import type { DecisionRecord, Lineage, SubmissionRecord } from '../lineage/types.js';
import { HARD_LIMITS } from '../policy/limits.js';
import type { SubmitJobInput } from '../ports/batch.js';
import { MAX_QUEUE_DELAY_SECONDS } from '../ports/delay-queue.js';
import { withClaimToken, withProbe } from '../submit/claim-token.js';
import { announceOrThrow } from '../workflow/announce.js';
import { resubmittedNews } from '../workflow/lineage-news.js';
import { findChild } from './find-child.js';
import { admitParked, isParked } from './parked-retry.js';
import type { ResubmitDeps } from './resubmit-deps.js';
import { announceAgain, giveUp, pastAgeLimit, recordDuplicate } from './resubmit-give-up.js';
import { holdIfPaused } from './resubmit-pause.js';
import { type RetryMessage, wakeAt } from './retry-message.js';

export type { Invocation, ResubmitDeps } from './resubmit-deps.js';

/**
 * How long a claim protects an in-flight SubmitJob before another worker may look for its child and
 * take over. Far longer than anything a live worker does under it: the resubmit function's timeout
 * (pinned by the stack), the Batch client's request timeout, and {@link MIN_REMAINING_MS_TO_SUBMIT}
 * keep a worker's whole claim-to-answer time well inside it.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * A worker whose claim-to-answer time passed this checks, with one conditional write, that it still
 * held the claim when SubmitJob answered. By construction this never happens; when it does and the
 * claim was lost, the child is a duplicate: it is recorded and a person is alerted.
 */
export const CONFIRM_AFTER_MS = CLAIM_LEASE_MS / 2;

/** SubmitJob is only started with at least this much of the invocation left (else: redelivered). */
export const MIN_REMAINING_MS_TO_SUBMIT = 30_000;

export type ResubmitOutcome =
  | { readonly outcome: 'deferred'; readonly delaySeconds: number }
  /** Parked again behind its breaker (still open, probes out, or released later in the window). */
  | { readonly outcome: 'parked'; readonly delaySeconds: number; readonly until: number }
  /** A person's pause holds the retry's queue: the message waits `delaySeconds` and looks again. */
  | { readonly outcome: 'paused'; readonly delaySeconds: number; readonly pausedBy: string }
  | { readonly outcome: 'submitted'; readonly childJobId: string }
  | { readonly outcome: 'recovered-child'; readonly childJobId: string }
  | { readonly outcome: 'already-submitted'; readonly childJobId: string | undefined }
  | { readonly outcome: 'nothing-to-do'; readonly reason: string }
  /** Batch refused the request for good, or the lineage outgrew its age: the lineage gave up. */
  | { readonly outcome: 'gave-up'; readonly reason: string }
  /** The worker's claim was lost while SubmitJob ran: its child is a recorded, alerted duplicate. */
  | { readonly outcome: 'duplicate-child'; readonly childJobId: string };

/** A live claim exists and its lease has not expired: transient, SQS redelivers after the visibility timeout. */
export class ClaimInProgressError extends OrchestratorError {
  constructor(message: RetryMessage, leaseUntil: number) {
    super(
      `job ${message.failedJobId}: another worker holds the claim on its resubmission until ${new Date(leaseUntil).toISOString()}; will check again`,
      { transient: true, context: { ...message } },
    );
  }
}

function claimToken(deps: ResubmitDeps): string {
  let token = '';
  for (let i = 0; i < 4; i++) {
    token += Math.floor(deps.random.next() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  }
  return token;
}

/** When a claim's lease ends (claims recorded before `leaseUntil` existed: a lease after `claimedAt`). */
function leaseEnd(held: SubmissionRecord): number {
  return held.leaseUntil ?? held.claimedAt + CLAIM_LEASE_MS;
}

/**
 * Handles one message of the retries queue: re-enqueue when not yet due (chained hops, so any delay
 * works and survives restarts), while a breaker parks it, or while a person's pause holds its queue
 * (`holdIfPaused`); give up when the lineage is past its age
 * limit; otherwise claim the resubmission in the ledger (one conditional write that also returns the
 * request) and call SubmitJob with the claim token in the child's tags (G2). The child is recorded
 * from its own first event, so a retry costs two requests here. A claim left by a crashed worker is
 * recovered after its lease: the child is looked up by name and lineage tag, and only when none
 * exists is the claim taken over and submitted.
 */
export async function handleRetryMessage(
  message: RetryMessage,
  deps: ResubmitDeps,
  invocation?: { remainingMs(): number },
): Promise<ResubmitOutcome> {
  const now = deps.clock.now();
  if (message.v === 2 && now > message.notAfter) return pastAgeLimit(message, now, deps);
  const wake = wakeAt(message);
  if (wake > now) {
    const delaySeconds = Math.min(Math.ceil((wake - now) / 1000), MAX_QUEUE_DELAY_SECONDS);
    await deps.retries.send(message, delaySeconds);
    return { outcome: 'deferred', delaySeconds };
  }
  // A person's pause first: a held retry must not take one of its breaker's probe slots.
  const paused = await holdIfPaused(message, now, deps);
  if (paused !== undefined) return paused;
  let probe: number | undefined;
  if (isParked(message)) {
    const admitted = await admitParked(message, now, deps);
    if (admitted.outcome === 'parked') return admitted;
    probe = admitted.probe;
  }
  const remaining = invocation?.remainingMs();
  if (remaining !== undefined && remaining < MIN_REMAINING_MS_TO_SUBMIT) {
    throw new OrchestratorError(
      `job ${message.failedJobId}: only ${remaining} ms of the invocation left, too little to claim and submit safely; redelivered`,
      { transient: true, context: { ...message } },
    );
  }

  const token = claimToken(deps);
  const claim = await deps.ledger.claimSubmission({
    ...message,
    claimToken: token,
    at: now,
    leaseMs: CLAIM_LEASE_MS,
  });
  if (claim.outcome === 'no-decision') {
    return {
      outcome: 'nothing-to-do',
      reason: `no RETRY decision is recorded for job ${message.failedJobId}`,
    };
  }
  if (claim.outcome === 'closed') {
    await announceAgain(message, deps);
    return { outcome: 'nothing-to-do', reason: `lineage ${message.rootJobId} is closed as ${claim.status}` };
  }
  const decision = findDecision(claim.lineage, message.failedJobId);
  if (decision === undefined) {
    return {
      outcome: 'nothing-to-do',
      reason: `no RETRY decision is recorded for job ${message.failedJobId}`,
    };
  }
  if (message.v === 1 && now - claim.lineage.createdAt > HARD_LIMITS.maxLineageAgeSeconds * 1000) {
    return pastAgeLimit(message, now, deps, claim.lineage);
  }
  if (claim.outcome === 'claimed') return submit(message, decision, claim.lineage, token, now, deps, probe);

  const held = claim.submission;
  if (held.state === 'SUBMITTED') {
    if (held.childJobId !== undefined)
      await announceResubmitted(claim.lineage, decision, held.childJobId, now, true, deps);
    return { outcome: 'already-submitted', childJobId: held.childJobId };
  }
  if (claim.lineage.status !== 'OPEN') {
    await announceAgain(message, deps, claim.lineage);
    return {
      outcome: 'nothing-to-do',
      reason: `lineage ${message.rootJobId} is closed as ${claim.lineage.status}`,
    };
  }
  // A held claim with our own token is ours: the write went through but its answer was lost.
  if (held.claimToken === token) return submit(message, decision, claim.lineage, token, now, deps, probe);
  if (leaseEnd(held) > now) throw new ClaimInProgressError(message, leaseEnd(held));
  return recover(message, decision, claim.lineage, held, now, deps, probe);
}

/**
 * The holder of `held` is gone (its lease ran out). SubmitJob has no idempotency token, so first look
 * for the child it may have created (unless it released the claim because Batch throttled it:
 * nothing was created then); adopt it if found, else take the claim over and submit.
 */
async function recover(
  message: RetryMessage,
  decision: DecisionRecord,
  lineage: Lineage,
  held: SubmissionRecord,
  now: number,
  deps: ResubmitDeps,
  probe: number | undefined,
): Promise<ResubmitOutcome> {
  const request = decision.request;
  if (request === undefined) {
    return {
      outcome: 'nothing-to-do',
      reason: `the decision for job ${message.failedJobId} holds no request`,
    };
  }
  if (held.nothingSubmitted !== true) {
    const [child, ...duplicates] = await findChild(request, decision.failedJobId, held, deps.batch);
    if (child !== undefined) {
      await deps.ledger.recordSubmission({
        ...message,
        claimToken: held.claimToken,
        childJobId: child,
        at: now,
      });
      for (const duplicate of duplicates)
        await recordDuplicate(message, decision, lineage, duplicate, now, deps);
      deps.log.info('found the child of an interrupted resubmission', { ...message, childJobId: child });
      await announceResubmitted(lineage, decision, child, now, true, deps);
      return { outcome: 'recovered-child', childJobId: child };
    }
  }
  const token = claimToken(deps);
  const tookOver = await deps.ledger.takeOverClaim({
    ...message,
    staleToken: held.claimToken,
    claimToken: token,
    at: now,
    leaseMs: CLAIM_LEASE_MS,
  });
  if (!tookOver) throw new ClaimInProgressError(message, now + CLAIM_LEASE_MS);
  return submit(message, decision, lineage, token, now, deps, probe);
}

async function submit(
  message: RetryMessage,
  decision: DecisionRecord,
  lineage: Lineage,
  token: string,
  claimedAt: number,
  deps: ResubmitDeps,
  probe?: number,
): Promise<ResubmitOutcome> {
  const request: SubmitJobInput | undefined = decision.request;
  if (request === undefined) {
    return {
      outcome: 'nothing-to-do',
      reason: `the decision for job ${message.failedJobId} holds no request`,
    };
  }
  let child: Awaited<ReturnType<ResubmitDeps['batch']['submitJob']>>;
  try {
    const claimed = withClaimToken(request, token);
    child = await deps.batch.submitJob(probe === undefined ? claimed : withProbe(claimed, probe));
  } catch (error) {
    if (error instanceof OrchestratorError && error.notApplied) {
      // Throttled: Batch created nothing, so end the claim's lease now; the redelivery then takes
      // over at once, without a lookup (and without waiting out the lease and the receive limit).
      await deps.ledger.releaseClaim({ ...message, claimToken: token, at: claimedAt });
    }
    if (!(error instanceof OrchestratorError) || error.transient) throw error;
    // Batch will never accept this request (a deregistered job definition, a deleted queue): retrying
    // the message cannot help, so the lineage gives up and a person is told what Batch said.
    return giveUp(message, decision, lineage, deps, claimedAt, {
      headline: 'AWS Batch refused the request',
      why: `AWS Batch refused the resubmission: ${error.message}`,
      next: 'fix what Batch names (job definition, queue, limits), then submit the job again by hand.',
    });
  }
  if (deps.clock.now() - claimedAt >= CONFIRM_AFTER_MS) {
    try {
      await deps.ledger.recordSubmission({
        ...message,
        claimToken: token,
        childJobId: child.jobId,
        at: deps.clock.now(),
      });
    } catch (error) {
      if (!(error instanceof LedgerStateError)) throw error;
      await recordDuplicate(message, decision, lineage, child.jobId, deps.clock.now(), deps);
      return { outcome: 'duplicate-child', childJobId: child.jobId };
    }
  }
  deps.log.info('resubmitted failed job', {
    ...message,
    childJobId: child.jobId,
    jobName: request.jobName,
    jobQueue: request.jobQueue,
  });
  await announceResubmitted(lineage, decision, child.jobId, deps.clock.now(), false, deps);
  return { outcome: 'submitted', childJobId: child.jobId };
}

/**
 * Publishes the lineage event of a child (no task waits on a resubmission). A failure rejects, so the
 * message is redelivered; the redelivery finds the child and publishes again, marked `republished`.
 */
function announceResubmitted(
  lineage: Lineage,
  decision: DecisionRecord,
  childJobId: string,
  at: number,
  republished: boolean,
  deps: ResubmitDeps,
): Promise<void> {
  const news = resubmittedNews({ lineage, decision, childJobId, at, republished });
  return announceOrThrow([{ news, answerWaiters: false }], deps);
}
