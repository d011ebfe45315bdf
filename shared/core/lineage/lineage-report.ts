import { jobConsoleLinks } from '../links/console-links.js';
import type { OperatorAction } from './operator-action.js';
import type { DecisionRecord, Lineage } from './types.js';

/** Minutes after which an unsubmitted or unrecorded resubmission is worth a look. */
const STUCK_MINUTES = 15;

/**
 * A lineage as text for an operator: what failed and why (class and evidence), what the orchestrator
 * decided (retry with delay, or give up), which child it submitted, the lineage status, and what to
 * do next. `askedJobId` is the id the operator typed, placed within the lineage when it is not the
 * root. With `region`, each job carries its console link and, when its event named one, the link of
 * its log stream. What people did (retry, cancel) is listed with who and why. Times are printed in UTC.
 */
export function formatLineageReport(
  lineage: Lineage,
  askedJobId: string,
  options: { readonly region?: string } = {},
): string {
  const link = (jobId: string, decision?: DecisionRecord) => linkLines(jobId, options.region, decision);
  const lines = [
    `Lineage of ${lineage.rootJobName} (root job ${lineage.rootJobId})`,
    `Policy ${lineage.policyName} version ${lineage.policyVersion}; root job created ${time(lineage.createdAt)}; ` +
      `${lineage.totalAttempts} failed attempt(s) counted${countsText(lineage)}.`,
    statusText(lineage),
    ...placement(lineage, askedJobId),
    '',
    ...lineage.decisions.flatMap((decision, index) => decisionLines(decision, index + 1, link)),
    ...operatorLines(lineage.operatorActions ?? []),
    '',
    `Next: ${nextStep(lineage)}`,
  ];
  return `${lines.join('\n')}\n`;
}

function time(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function countsText(lineage: Lineage): string {
  const entries = Object.entries(lineage.counts).filter(([, n]) => n !== undefined && n > 0);
  return entries.length === 0 ? '' : ` (${entries.map(([c, n]) => `${c} ${n}`).join(', ')})`;
}

function statusText(lineage: Lineage): string {
  const closed = lineage.closedAt === undefined ? '' : ` at ${time(lineage.closedAt)}`;
  switch (lineage.status) {
    case 'OPEN':
      return 'Status: OPEN, the orchestrator is still handling this job.';
    case 'RECOVERED':
      return `Status: RECOVERED${closed}, a resubmitted job succeeded.`;
    case 'GAVE_UP':
      return `Status: GAVE_UP${closed}, the orchestrator stopped retrying.`;
    case 'CANCELLED':
      return `Status: CANCELLED${closed}, a person stopped the scheduled retry.`;
  }
}

function placement(lineage: Lineage, askedJobId: string): string[] {
  if (askedJobId === lineage.rootJobId) return [];
  const parent = lineage.decisions.find((d) => d.submission?.childJobId === askedJobId);
  if (parent !== undefined) {
    const attempt = parent.childAttempt === undefined ? '' : ` as attempt ${parent.childAttempt}`;
    return [`Job ${askedJobId} was submitted${attempt} after job ${parent.failedJobId} failed.`];
  }
  return [`Job ${askedJobId} belongs to this lineage.`];
}

/** The console links of a job, one per line, when the region is known. */
function linkLines(jobId: string, region: string | undefined, decision?: DecisionRecord): string[] {
  if (region === undefined) return [];
  const links = jobConsoleLinks({
    jobId,
    region,
    ...(decision?.logStream === undefined ? {} : { logStream: decision.logStream }),
    ...(decision?.logGroup === undefined ? {} : { logGroup: decision.logGroup }),
  });
  return [`   console:  ${links.job}`, ...(links.logs === undefined ? [] : [`   logs:     ${links.logs}`])];
}

function decisionLines(
  decision: DecisionRecord,
  number: number,
  link: (jobId: string, decision?: DecisionRecord) => string[],
): string[] {
  const evidence = decision.evidence;
  const childId = decision.submission?.childJobId;
  return [
    `${number}. Job ${decision.failedJobId} (${decision.failedJobName}, queue ${decision.jobQueue}) failed: ` +
      `${decision.failureClass}, ${decision.attemptsCounted} attempt(s) counted`,
    ...link(decision.failedJobId, decision),
    evidence === undefined
      ? '   evidence: none recorded (no classification rule matched a specific field)'
      : `   evidence: ${evidence.attempt === undefined ? 'the job never ran' : `attempt ${evidence.attempt + 1}`}, ` +
        `${evidence.field} matched "${evidence.pattern}": ${evidence.text}`,
    `   decision: ${decisionText(decision)}`,
    ...(decision.replaced === undefined
      ? []
      : [
          `   replaced: ${decision.replaced.action}, decided ${time(decision.replaced.decidedAt)}: ${decision.replaced.reason}`,
        ]),
    ...(decision.action === 'RETRY' ? [`   child:    ${childText(decision)}`] : []),
    ...(childId === undefined
      ? []
      : link(childId).map((line) => line.replace('   console:  ', '   child console: '))),
    ...(decision.orphans ?? []).map(
      (id) => `   duplicate: job ${id} (submitted twice; counted, never retried)`,
    ),
  ];
}

/** What people did to the lineage, with who and why. */
function operatorLines(actions: readonly OperatorAction[]): string[] {
  if (actions.length === 0) return [];
  return [
    '',
    'Operator actions:',
    ...actions.map((a) => {
      const what =
        a.action === 'CANCEL'
          ? `cancelled the retry of job ${a.failedJobId}`
          : `asked for a retry of job ${a.failedJobId}${a.dueAt === undefined ? '' : `, due ${time(a.dueAt)}`}`;
      return `- ${time(a.at)} ${a.by} ${what}: ${a.reason}`;
    }),
  ];
}

function decisionText(decision: DecisionRecord): string {
  if (decision.action === 'EXIT')
    return `EXIT (no retry), decided ${time(decision.decidedAt)}: ${decision.reason}`;
  if (decision.decidedBy !== undefined) {
    const due = decision.dueAt === undefined ? '' : ` (due ${time(decision.dueAt)})`;
    return `RETRY${due} as attempt ${decision.childAttempt ?? '?'}, asked by ${decision.decidedBy} at ${time(decision.decidedAt)}: ${decision.reason}`;
  }
  const delay = decision.delaySeconds === undefined ? '' : ` after ${duration(decision.delaySeconds)}`;
  const due = decision.dueAt === undefined ? '' : ` (due ${time(decision.dueAt)})`;
  const attempt = decision.childAttempt === undefined ? '' : ` as attempt ${decision.childAttempt}`;
  return `RETRY${delay}${due}${attempt}: ${decision.reason}`;
}

function childText(decision: DecisionRecord): string {
  const submission = decision.submission;
  if (submission === undefined) return 'not submitted yet';
  if (submission.state === 'CLAIMED') {
    return (
      `submitted under a claim taken at ${time(submission.claimedAt)}; the child's id is recorded when it ` +
      `first reports (or look in queue ${decision.request?.jobQueue ?? decision.jobQueue} for a job named ` +
      `${decision.failedJobName} tagged batch-retry:parent-job-id=${decision.failedJobId})`
    );
  }
  const at = submission.submittedAt === undefined ? '' : `, known since ${time(submission.submittedAt)}`;
  return `job ${submission.childJobId ?? '(unknown id)'} submitted under the claim taken at ${time(submission.claimedAt)}${at}`;
}

function nextStep(lineage: Lineage): string {
  const last = lineage.decisions.at(-1);
  if (lineage.status === 'RECOVERED') return 'nothing to do; the job recovered.';
  if (lineage.status === 'CANCELLED') {
    const by = lineage.operatorActions?.findLast((a) => a.action === 'CANCEL')?.by;
    return (
      `nothing will be resubmitted${by === undefined ? '' : ` (cancelled by ${by})`}. To run the job again, ` +
      '`batch-retry retry <jobId>` asks for one more attempt, or submit it yourself (a new lineage).'
    );
  }
  if (lineage.status === 'GAVE_UP') {
    const why = last?.action === 'EXIT' ? ` (last decision: ${last.reason})` : '';
    return (
      `the orchestrator will not retry this job again${why}. Fix the cause, then either ask for one more ` +
      'attempt in this lineage (`batch-retry retry <jobId>`) or submit the job yourself (a new lineage).'
    );
  }
  const submission = last?.submission;
  if (last === undefined || last.action !== 'RETRY') return 'wait for the next event of this job.';
  if (submission === undefined) {
    const due = last.dueAt === undefined ? 'shortly' : `at ${time(last.dueAt)}`;
    return (
      `wait; the resubmission is due ${due}. If it is still not submitted ${STUCK_MINUTES} minutes later, ` +
      'check the retries queue, its dead-letter queue and the resubmit function logs.'
    );
  }
  if (submission.state === 'CLAIMED') {
    return (
      `wait for the child to finish: look in queue ${last.request?.jobQueue ?? last.jobQueue} for the job named ` +
      `${last.failedJobName} created after ${time(submission.claimedAt)} and tagged ` +
      `batch-retry:parent-job-id=${last.failedJobId}. If there is none ${STUCK_MINUTES} minutes after the claim, ` +
      'check the resubmit function logs before submitting anything by hand.'
    );
  }
  const child = submission.childJobId ?? '(unknown id)';
  return (
    `wait for job ${child} to finish (aws batch describe-jobs --jobs ${child}). If it succeeds the lineage ` +
    'closes as RECOVERED; if it fails the orchestrator decides again.'
  );
}
