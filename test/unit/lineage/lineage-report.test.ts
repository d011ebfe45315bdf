import { describe, expect, it } from 'vitest';
import { applyDecision } from '#core/lineage/apply-decision.js';
import { formatLineageReport } from '#core/lineage/lineage-report.js';
import type { Lineage, SubmissionRecord } from '#core/lineage/types.js';
import {
  CHILD_JOB_ID,
  CLAIMED,
  exitDecision,
  ROOT_JOB_ID,
  retryDecision,
  SUBMITTED_AT,
  seed,
  T0,
} from '../../integration/ledger/ledger-fixtures.js';

const SUBMITTED: SubmissionRecord = {
  ...CLAIMED,
  state: 'SUBMITTED',
  childJobId: CHILD_JOB_ID,
  submittedAt: SUBMITTED_AT,
};

function retried(submission?: SubmissionRecord, delaySeconds = 60): Lineage {
  const decision = {
    ...retryDecision({ delaySeconds }),
    ...(submission === undefined ? {} : { submission }),
  };
  return applyDecision(seed(), decision, { infrastructure: 1 });
}

describe('formatLineageReport', () => {
  it('tells the operator to wait for a resubmission that is not due yet', () => {
    const report = formatLineageReport(retried(), ROOT_JOB_ID);

    expect(report).toContain('Status: OPEN, the orchestrator is still handling this job.');
    expect(report).toContain('child:    not submitted yet');
    expect(report).toContain('Next: wait; the resubmission is due at 2025-03-01T03:01:00Z.');
  });

  it('tells the operator where to find a child submitted under a claim before it first reports', () => {
    const report = formatLineageReport(retried(CLAIMED), ROOT_JOB_ID);

    expect(report).toContain('child:    submitted under a claim taken at 2025-03-01T03:01:00Z');
    expect(report).toContain(
      `Next: wait for the child to finish: look in queue spot-queue for the job named nightly-etl created after ` +
        `2025-03-01T03:01:00Z and tagged batch-retry:parent-job-id=${ROOT_JOB_ID}.`,
    );
  });

  it('lists the duplicate children of a decision', () => {
    const lineage = retried(SUBMITTED);
    const withDuplicate: Lineage = {
      ...lineage,
      decisions: lineage.decisions.map((d) => ({ ...d, orphans: ['dup-1'] })),
    };

    expect(formatLineageReport(withDuplicate, ROOT_JOB_ID)).toContain(
      'duplicate: job dup-1 (submitted twice; counted, never retried)',
    );
  });

  it('tells the operator which child job to watch once it is submitted', () => {
    const report = formatLineageReport(retried(SUBMITTED), ROOT_JOB_ID);

    expect(report).toContain(
      `Next: wait for job ${CHILD_JOB_ID} to finish (aws batch describe-jobs --jobs ${CHILD_JOB_ID}).`,
    );
  });

  it('says there is nothing to do when the lineage recovered', () => {
    const lineage: Lineage = { ...retried(SUBMITTED), status: 'RECOVERED', closedAt: T0 + 7_200_000 };

    const report = formatLineageReport(lineage, CHILD_JOB_ID);

    expect(report).toContain('Status: RECOVERED at 2025-03-01T05:00:00Z, a resubmitted job succeeded.');
    expect(report).toContain('Next: nothing to do; the job recovered.');
  });

  it('gives the reason and the manual way forward when the orchestrator gave up', () => {
    const lineage = applyDecision(retried(SUBMITTED), exitDecision(), { application: 2 });

    const report = formatLineageReport(lineage, CHILD_JOB_ID);

    expect(report).toContain('(last decision: exit code 3 is fatal under rule app-fatal). Fix the cause');
    expect(report).toContain('3 failed attempt(s) counted (infrastructure 1, application 2).');
  });

  it('says so when a failure carries no evidence', () => {
    const { evidence: _none, ...decision } = exitDecision({ failedJobId: ROOT_JOB_ID });
    const lineage = applyDecision(seed(), decision, { application: 1 });

    expect(formatLineageReport(lineage, ROOT_JOB_ID)).toContain('evidence: none recorded');
  });

  it('prints long delays in minutes and hours', () => {
    expect(formatLineageReport(retried(undefined, 900), ROOT_JOB_ID)).toContain('RETRY after 15 min');
    expect(formatLineageReport(retried(undefined, 10_800), ROOT_JOB_ID)).toContain('RETRY after 3.0 h');
  });
});
