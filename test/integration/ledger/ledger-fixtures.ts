import type { ClassCounts, DecisionRecord, SubmissionRecord } from '#core/lineage/types.js';
import type { LedgerPort, LineageSeed } from '#core/ports/ledger.js';

/** Job ids as Batch writes them for array children (':') plus characters DynamoDB paths reserve. */
export const ROOT_JOB_ID = 'a1b2c3d4-root:7';
export const CHILD_JOB_ID = 'e5f6a7b8-child#1.x';
export const GRANDCHILD_JOB_ID = 'c9d0e1f2-grandchild';

/** Epoch ms of the root job's failure. */
export const T0 = Date.UTC(2025, 2, 1, 3, 0, 0);

/** When a worker claimed the root's resubmission (it fell due 60 s after T0), then submitted the child. */
export const CLAIMED_AT = T0 + 60_000;
export const SUBMITTED_AT = T0 + 61_000;
/** When the alert for the child's EXIT (decided at T0 + 1 h) was sent. */
export const ALERTED_AT = T0 + 3_601_000;

/** The root's submission once a worker claimed it with token `t`. */
export const CLAIMED: SubmissionRecord = { state: 'CLAIMED', claimToken: 't', claimedAt: CLAIMED_AT };
/** The root's submission once the child was submitted. */
export const SUBMITTED: SubmissionRecord = {
  ...CLAIMED,
  state: 'SUBMITTED',
  childJobId: CHILD_JOB_ID,
  submittedAt: SUBMITTED_AT,
};

/** The root's lineage seed. */
export function seed(): LineageSeed {
  return {
    rootJobId: ROOT_JOB_ID,
    rootJobName: 'nightly-etl',
    policyName: 'etl-default',
    policyVersion: 4,
    createdAt: T0 - 600_000,
  };
}

/** The RETRY decision for the root job's Spot reclaim: retry in 60 s on the same queue. */
export function retryDecision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    failedJobId: ROOT_JOB_ID,
    failedJobName: 'nightly-etl',
    jobQueue: 'spot-queue',
    failureClass: 'infrastructure',
    evidence: {
      attempt: 0,
      field: 'statusReason',
      pattern: 'Host EC2*terminated*',
      text: 'Host EC2 (instance i-0abc) terminated.',
    },
    attemptsCounted: 1,
    action: 'RETRY',
    reason: 'rule spot-reclaim matched; infrastructure budget 1 of 3 used',
    decidedAt: T0,
    dueAt: T0 + 60_000,
    delaySeconds: 60,
    childAttempt: 2,
    request: {
      jobName: 'nightly-etl',
      jobQueue: 'spot-queue',
      jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/etl:3',
      parameters: { date: '2025-03-01' },
      tags: { team: 'data', 'batch-retry:root-job-id': ROOT_JOB_ID },
    },
    ...overrides,
  };
}

/** The EXIT decision for a later application failure whose budget ran out. */
export function exitDecision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    failedJobId: CHILD_JOB_ID,
    failedJobName: 'nightly-etl',
    jobQueue: 'spot-queue',
    failureClass: 'application',
    evidence: { attempt: 1, field: 'container.exitCode', pattern: '3', text: '3' },
    attemptsCounted: 2,
    action: 'EXIT',
    reason: 'exit code 3 is fatal under rule app-fatal',
    decidedAt: T0 + 3_600_000,
    ...overrides,
  };
}

/** Opens the lineage on `ledger` with the root's {@link retryDecision}, counting `countsDelta`. */
export async function recordRootRetry(
  ledger: LedgerPort,
  countsDelta: ClassCounts = { infrastructure: 1 },
): Promise<void> {
  await ledger.recordDecision({
    seed: seed(),
    expectedVersion: undefined,
    decision: retryDecision(),
    countsDelta,
  });
}

/**
 * Plays a whole lineage on `ledger`: the root's Spot reclaim retried after 60 s ({@link retryDecision},
 * infrastructure 1), the claim and the child's submission, the child's application failure that gave
 * up ({@link exitDecision}, application 2), and the alert mark.
 */
export async function playGaveUpLineage(ledger: LedgerPort): Promise<void> {
  await recordRootRetry(ledger);
  const root = { rootJobId: ROOT_JOB_ID, failedJobId: ROOT_JOB_ID, claimToken: 't' };
  await ledger.claimSubmission({ ...root, at: CLAIMED_AT });
  await ledger.recordSubmission({ ...root, childJobId: CHILD_JOB_ID, at: SUBMITTED_AT });
  await ledger.recordDecision({
    seed: seed(),
    expectedVersion: 3,
    decision: exitDecision(),
    countsDelta: { application: 2 },
  });
  await ledger.markAlerted({ rootJobId: ROOT_JOB_ID, failedJobId: CHILD_JOB_ID, at: ALERTED_AT });
}
