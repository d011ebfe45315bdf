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

  it("links every job and the failed job's log stream in the console of the region it is given", () => {
    const failed = { ...retryDecision(), submission: SUBMITTED, logStream: 'etl/default/abc123' };
    const lineage = applyDecision(seed(), failed, { infrastructure: 1 });

    const report = formatLineageReport(lineage, ROOT_JOB_ID, { region: 'eu-west-1' });

    expect(report).toContain(
      `   console:  https://eu-west-1.console.aws.amazon.com/batch/home?region=eu-west-1#jobs/detail/${encodeURIComponent(ROOT_JOB_ID)}`,
    );
    expect(report).toContain(
      '   logs:     https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/' +
        'log-group/$252Faws$252Fbatch$252Fjob/log-events/etl$252Fdefault$252Fabc123',
    );
    expect(report).toContain(
      `   child console: https://eu-west-1.console.aws.amazon.com/batch/home?region=eu-west-1#jobs/detail/${encodeURIComponent(CHILD_JOB_ID)}`,
    );
    expect(formatLineageReport(lineage, ROOT_JOB_ID)).not.toContain('console.aws.amazon.com');
  });

  it('says who cancelled a retry and why, and how to ask for another attempt', () => {
    const lineage: Lineage = {
      ...retried(),
      status: 'CANCELLED',
      closedAt: T0 + 30_000,
      operatorActions: [
        {
          action: 'CANCEL',
          by: 'arn:aws:sts::123456789012:assumed-role/oncall/alice',
          at: T0 + 30_000,
          reason: 'bad input file',
          failedJobId: ROOT_JOB_ID,
        },
      ],
    };

    const report = formatLineageReport(lineage, ROOT_JOB_ID);

    expect(report).toContain(
      'Status: CANCELLED at 2025-03-01T03:00:30Z, a person stopped the scheduled retry.',
    );
    expect(report).toContain(
      `- 2025-03-01T03:00:30Z arn:aws:sts::123456789012:assumed-role/oncall/alice cancelled the retry of job ${ROOT_JOB_ID}: bad input file`,
    );
    expect(report).toContain(
      'Next: nothing will be resubmitted (cancelled by arn:aws:sts::123456789012:assumed-role/oncall/alice)',
    );
  });

  it("shows a person's retry with who asked, and the decision it replaced", () => {
    const lineage = applyDecision(
      seed(),
      retryDecision({
        decidedBy: 'arn:aws:iam::123456789012:user/bob',
        reason: 'registry fixed',
        replaced: { action: 'EXIT', reason: 'image missing', decidedAt: T0 - 60_000 },
      }),
      {},
    );

    const report = formatLineageReport(lineage, ROOT_JOB_ID);

    expect(report).toContain(
      'decision: RETRY (due 2025-03-01T03:01:00Z) as attempt 2, asked by arn:aws:iam::123456789012:user/bob at 2025-03-01T03:00:00Z: registry fixed',
    );
    expect(report).toContain('replaced: EXIT, decided 2025-03-01T02:59:00Z: image missing');
  });
});
