import type { NormalisedJob } from '../events/types.js';
import type { DecisionRecord, Lineage } from '../lineage/types.js';
import { consoleLinks } from '../links/console-links.js';
import type { Alert } from '../ports/alert.js';
import { classWords } from './class-words.js';
import { alertFingerprint } from './fingerprint.js';
import { jobDefinitionName, oneLine, plural, queueName, withArticle } from './words.js';

/** The failure's reason as an alert shows it: the evidence text, or for an exit code, "exit code 3". */
function reasonOf(decision: DecisionRecord): string | undefined {
  const evidence = decision.evidence;
  if (evidence === undefined) return undefined;
  return /exitCode$/i.test(evidence.field) ? `exit code ${oneLine(evidence.text)}` : oneLine(evidence.text);
}

/** The facts every alert about one failed job carries: the job, its lineage, its links, its grouping. */
function aboutJob(
  kind: Alert['kind'],
  job: NormalisedJob,
  decision: DecisionRecord,
  lineage: Lineage,
  at: number,
): Omit<Alert, 'kind' | 'severity' | 'title' | 'summary' | 'next'> {
  const reason = reasonOf(decision);
  const links = consoleLinks(job);
  return {
    fingerprint: alertFingerprint({
      kind,
      failureClass: decision.failureClass,
      jobQueue: job.jobQueue,
      jobDefinition: job.jobDefinition,
      cause: decision.evidence?.cause,
      reason,
    }),
    at,
    jobId: job.jobId,
    rootJobId: lineage.rootJobId,
    jobName: job.jobName,
    jobQueue: job.jobQueue,
    jobDefinition: jobDefinitionName(job.jobDefinition),
    failureClass: decision.failureClass,
    ...(reason === undefined ? {} : { reason }),
    counts: lineage.counts,
    policy: lineage.policyName,
    ...(links === undefined ? {} : { links }),
  };
}

/** The alert for a lineage that batch-retry gave up on; its words fit the failure's class. */
export function gaveUpAlert(
  job: NormalisedJob,
  decision: DecisionRecord,
  lineage: Lineage,
  at: number,
): Alert {
  const words = classWords(decision.failureClass);
  const shown = reasonOf(decision);
  const reason = shown === undefined ? '' : ` (${shown})`;
  const logStream = job.detail.container?.logStreamName ?? job.attempts.at(-1)?.containers[0]?.logStreamName;
  const logs = logStream === undefined ? '' : ` Its log stream is ${logStream}.`;
  const next = `${capitalise(words.next)}${logs} \`batch-retry lineage ${job.jobId}\` lists every attempt.`;
  return {
    kind: 'GAVE_UP',
    severity: decision.failureClass === 'cancelled' ? 'info' : 'critical',
    title: `Gave up on Batch job ${job.jobName}: ${decision.failureClass} failure`,
    summary:
      `Job ${job.jobName} (${job.jobId}) on queue ${queueName(job.jobQueue)} ${words.failed}${reason}. ` +
      `batch-retry did not resubmit it: ${decision.reason}. The lineage started by ${lineage.rootJobId} used ` +
      `${plural(lineage.totalAttempts, 'attempt')} under policy ${lineage.policyName} v${lineage.policyVersion}. ` +
      `Next: ${next}`,
    next,
    decision: `gave up: ${decision.reason}`,
    ...aboutJob('GAVE_UP', job, decision, lineage, at),
    details: { reason: decision.reason, attempts: lineage.totalAttempts },
  };
}

/** The (opt-in) notice that a failure was scheduled for resubmission. */
export function retryingAlert(
  job: NormalisedJob,
  decision: DecisionRecord,
  lineage: Lineage,
  at: number,
): Alert {
  const next = 'Nothing to do unless this repeats.';
  return {
    kind: 'RETRYING',
    severity: 'info',
    title: `Retrying Batch job ${job.jobName} after ${withArticle(decision.failureClass)} failure`,
    summary:
      `Job ${job.jobName} (${job.jobId}) on queue ${queueName(job.jobQueue)} failed with ` +
      `${withArticle(decision.failureClass)} failure. batch-retry will resubmit it as attempt ${decision.childAttempt} ` +
      `in ${decision.delaySeconds} s (${decision.reason}). ${next}`,
    next,
    decision: `retry as attempt ${decision.childAttempt} in ${decision.delaySeconds} s`,
    ...aboutJob('RETRYING', job, decision, lineage, at),
  };
}

/** The (opt-in) notice that a lineage which had failed finally succeeded. */
export function recoveredAlert(job: NormalisedJob, lineage: Lineage, at: number): Alert {
  const links = consoleLinks(job);
  const next = 'No action needed.';
  return {
    kind: 'RECOVERED',
    severity: 'info',
    title: `Batch job ${job.jobName} recovered after ${plural(lineage.decisions.length, 'failed run')}`,
    summary:
      `Job ${job.jobName} (${job.jobId}) succeeded after batch-retry resubmitted it ` +
      `(lineage ${lineage.rootJobId}, ${plural(lineage.totalAttempts, 'failed attempt')} before). ${next}`,
    next,
    decision: 'recovered',
    fingerprint: alertFingerprint({
      kind: 'RECOVERED',
      jobQueue: job.jobQueue,
      jobDefinition: job.jobDefinition,
    }),
    at,
    jobId: job.jobId,
    rootJobId: lineage.rootJobId,
    jobName: job.jobName,
    jobQueue: job.jobQueue,
    jobDefinition: jobDefinitionName(job.jobDefinition),
    counts: lineage.counts,
    policy: lineage.policyName,
    ...(links === undefined ? {} : { links }),
  };
}

/** Why a retry that was decided was not carried out, and what a person should do about it. */
export interface NotResubmitted {
  /** Short, for the title: "AWS Batch refused the request". */
  readonly headline: string;
  /** One sentence: what happened instead of the resubmission. */
  readonly why: string;
  /** One sentence: what to do next. */
  readonly next: string;
}

/** The facts an alert about a decided retry carries, from the ledger (no event at hand). */
function aboutDecision(
  kind: Alert['kind'],
  decision: DecisionRecord,
  lineage: Lineage,
  at: number,
): Omit<Alert, 'kind' | 'severity' | 'title' | 'summary' | 'next' | 'jobId'> {
  const definition = decision.request?.jobDefinition;
  const reason = reasonOf(decision);
  return {
    fingerprint: alertFingerprint({
      kind,
      failureClass: decision.failureClass,
      jobQueue: decision.jobQueue,
      jobDefinition: definition,
      cause: decision.evidence?.cause,
      reason,
    }),
    at,
    rootJobId: lineage.rootJobId,
    jobName: decision.failedJobName,
    jobQueue: decision.jobQueue,
    ...(definition === undefined ? {} : { jobDefinition: jobDefinitionName(definition) }),
    failureClass: decision.failureClass,
    ...(reason === undefined ? {} : { reason }),
    counts: lineage.counts,
    policy: lineage.policyName,
  };
}

/** The alert for a decided retry that was given up at submit time: the lineage is closed GAVE_UP. */
export function notResubmittedAlert(
  decision: DecisionRecord,
  lineage: Lineage,
  reason: NotResubmitted,
  at: number,
): Alert {
  return {
    kind: 'NOT_RESUBMITTED',
    severity: 'critical',
    title: `Could not resubmit Batch job ${decision.failedJobName}: ${reason.headline}`,
    summary:
      `Job ${decision.failedJobName} (${decision.failedJobId}) failed with ${withArticle(decision.failureClass)} failure ` +
      `and batch-retry decided to retry it, but ${reason.why} The lineage started by ${lineage.rootJobId} is ` +
      `closed as GAVE_UP. Next: ${reason.next}`,
    next: capitalise(reason.next),
    decision: `not resubmitted: ${reason.headline}; the lineage is closed as GAVE_UP`,
    jobId: decision.failedJobId,
    ...aboutDecision('NOT_RESUBMITTED', decision, lineage, at),
    details: { ...reason },
  };
}

/**
 * The alert for a duplicate child: a worker's claim was taken over while its SubmitJob was still in
 * flight, so the failed job was submitted twice. The duplicate is recorded on the lineage and its
 * attempts count against the lineage's limits; a person should cancel it.
 */
export function duplicateChildAlert(args: {
  readonly decision: DecisionRecord;
  readonly lineage: Lineage;
  readonly duplicateJobId: string;
  readonly at: number;
}): Alert {
  const { decision, lineage, duplicateJobId, at } = args;
  const kept = decision.submission?.childJobId;
  const next =
    `Cancel ${duplicateJobId} (aws batch terminate-job --job-id ${duplicateJobId} --reason "duplicate resubmission"), ` +
    "then check the resubmit function's timeout and the Batch client's request timeout (docs/operations.md).";
  return {
    kind: 'DUPLICATE_CHILD',
    severity: 'warning',
    title: `Batch job ${decision.failedJobName} was resubmitted twice; cancel ${duplicateJobId}`,
    summary:
      `batch-retry resubmitted job ${decision.failedJobName} (${decision.failedJobId}) twice: a worker's SubmitJob ` +
      `outlived its claim and another worker submitted the job again. Job ${duplicateJobId} is the duplicate` +
      `${kept === undefined ? '' : `; job ${kept} is the one batch-retry follows`}. The duplicate's attempts count ` +
      `against lineage ${lineage.rootJobId}, and it is never retried. Next: ${next}`,
    next,
    decision: 'the duplicate is recorded and never retried',
    jobId: duplicateJobId,
    ...aboutDecision('DUPLICATE_CHILD', decision, lineage, at),
    details: { parentJobId: decision.failedJobId, duplicateJobId, keptChildJobId: kept ?? null },
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
