import type { LineageSeed } from '../../../shared/ledger/port.js';
import type { DecisionRecord } from '../../../shared/ledger/types.js';

/** Job ids as Batch writes them for array children (':') plus characters DynamoDB paths reserve. */
export const ROOT_JOB_ID = 'a1b2c3d4-root:7';
export const CHILD_JOB_ID = 'e5f6a7b8-child#1.x';
export const GRANDCHILD_JOB_ID = 'c9d0e1f2-grandchild';

/** Epoch ms of the root job's failure. */
export const T0 = Date.UTC(2025, 2, 1, 3, 0, 0);

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
      attempt: 1,
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
