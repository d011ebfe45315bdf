import type { ClassCounts, DecisionRecord, SubmissionRecord } from '#core/lineage/types.js';
import type { ChildLink, LedgerPort, LineageSeed } from '#core/ports/ledger.js';

/** Job ids as Batch writes them for array children (':') plus characters DynamoDB paths reserve. */
export const ROOT_JOB_ID = 'a1b2c3d4-root:7';
export const CHILD_JOB_ID = 'e5f6a7b8-child#1.x';
export const GRANDCHILD_JOB_ID = 'c9d0e1f2-grandchild';

/** Epoch ms of the root job's failure. */
export const T0 = Date.UTC(2025, 2, 1, 3, 0, 0);

/** When a worker claimed the root's resubmission (it fell due 60 s after T0), and when the child reported. */
export const CLAIMED_AT = T0 + 60_000;
export const SUBMITTED_AT = T0 + 61_000;
/** The lease every contract claim asks for. */
export const LEASE_MS = 300_000;

/** The root's submission once a worker claimed it with token `t`. */
export const CLAIMED: SubmissionRecord = {
  state: 'CLAIMED',
  claimToken: 't',
  claimedAt: CLAIMED_AT,
  leaseUntil: CLAIMED_AT + LEASE_MS,
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
    expected: { kind: 'new' },
    decision: retryDecision(),
    countsDelta,
  });
}

/** The child link of CHILD_JOB_ID to the root's decision, claimed with token `t`. */
export const CHILD_LINK: ChildLink = { parentJobId: ROOT_JOB_ID, jobId: CHILD_JOB_ID, claimToken: 't' };

/**
 * Plays a whole lineage on `ledger`: the root's Spot reclaim retried after 60 s ({@link retryDecision},
 * infrastructure 1), the claim, then the child's application failure that gave up ({@link exitDecision},
 * application 2), which also records the child on the root's decision.
 */
export async function playGaveUpLineage(ledger: LedgerPort): Promise<void> {
  await recordRootRetry(ledger);
  await ledger.claimSubmission({
    rootJobId: ROOT_JOB_ID,
    failedJobId: ROOT_JOB_ID,
    claimToken: 't',
    at: CLAIMED_AT,
    leaseMs: LEASE_MS,
  });
  await ledger.recordDecision({
    seed: seed(),
    expected: { kind: 'attempts', totalAttempts: 1 },
    decision: exitDecision(),
    countsDelta: { application: 2 },
    child: CHILD_LINK,
  });
}
