import type { NormalisedJob } from '../events/types.js';
import type { DecisionRecord, Lineage } from '../lineage/types.js';
import type { Alert } from '../ports/alert.js';

/** "a" or "an" before a failure class: an application failure, a middleware failure. */
function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function queueName(queue: string): string {
  return queue.split('/').at(-1) ?? queue;
}

/**
 * Groups alerts that an operator handles together: same kind, queue and failure class. Used by the
 * notifier to aggregate inside a policy's window.
 */
export function alertFingerprint(kind: Alert['kind'], jobQueue: string, failureClass?: string): string {
  return [kind, queueName(jobQueue), failureClass ?? '-'].join('|');
}

/** Who and what an alert about one failed job is about, and how it is grouped. */
function subjectOf(
  kind: Alert['kind'],
  job: NormalisedJob,
  decision: DecisionRecord,
  lineage: Lineage,
  at: number,
): Pick<
  Alert,
  'fingerprint' | 'at' | 'jobId' | 'rootJobId' | 'jobName' | 'jobQueue' | 'failureClass' | 'policy'
> {
  return {
    fingerprint: alertFingerprint(kind, job.jobQueue, decision.failureClass),
    at,
    jobId: job.jobId,
    rootJobId: lineage.rootJobId,
    jobName: job.jobName,
    jobQueue: job.jobQueue,
    failureClass: decision.failureClass,
    policy: lineage.policyName,
  };
}

/** The alert for a lineage that batch-retry gave up on: a person must act. */
export function gaveUpAlert(
  job: NormalisedJob,
  decision: DecisionRecord,
  lineage: Lineage,
  at: number,
): Alert {
  const evidence = decision.evidence === undefined ? '' : ` (${decision.evidence.text.split('\n')[0]})`;
  const logStream = job.detail.container?.logStreamName ?? job.attempts.at(-1)?.containers[0]?.logStreamName;
  const logs = logStream === undefined ? 'the job logs' : `the log stream ${logStream}`;
  return {
    kind: 'GAVE_UP',
    severity: 'critical',
    title: `Gave up on Batch job ${job.jobName}: ${decision.failureClass} failure`,
    summary:
      `Job ${job.jobName} (${job.jobId}) on queue ${queueName(job.jobQueue)} failed with ` +
      `${withArticle(decision.failureClass)} failure${evidence}. batch-retry did not resubmit it: ${decision.reason}. ` +
      `The lineage started by ${lineage.rootJobId} used ${plural(lineage.totalAttempts, 'attempt')} under policy ` +
      `${lineage.policyName} v${lineage.policyVersion}. Next: read ${logs}, fix the cause, then submit the ` +
      `job again; \`batch-retry lineage ${job.jobId}\` lists every attempt.`,
    ...subjectOf('GAVE_UP', job, decision, lineage, at),
    details: { reason: decision.reason, attempts: lineage.totalAttempts, counts: lineage.counts },
  };
}

/** The (opt-in) notice that a failure was scheduled for resubmission. */
export function retryingAlert(
  job: NormalisedJob,
  decision: DecisionRecord,
  lineage: Lineage,
  at: number,
): Alert {
  return {
    kind: 'RETRYING',
    severity: 'info',
    title: `Retrying Batch job ${job.jobName} after ${withArticle(decision.failureClass)} failure`,
    summary:
      `Job ${job.jobName} (${job.jobId}) on queue ${queueName(job.jobQueue)} failed with ` +
      `${withArticle(decision.failureClass)} failure. batch-retry will resubmit it as attempt ${decision.childAttempt} ` +
      `in ${decision.delaySeconds} s (${decision.reason}). Nothing to do unless this repeats.`,
    ...subjectOf('RETRYING', job, decision, lineage, at),
  };
}

/** The (opt-in) notice that a lineage which had failed finally succeeded. */
export function recoveredAlert(job: NormalisedJob, lineage: Lineage, at: number): Alert {
  return {
    kind: 'RECOVERED',
    severity: 'info',
    title: `Batch job ${job.jobName} recovered after ${plural(lineage.decisions.length, 'failed run')}`,
    summary:
      `Job ${job.jobName} (${job.jobId}) succeeded after batch-retry resubmitted it ` +
      `(lineage ${lineage.rootJobId}, ${plural(lineage.totalAttempts, 'failed attempt')} before). No action needed.`,
    fingerprint: alertFingerprint('RECOVERED', job.jobQueue),
    at,
    jobId: job.jobId,
    rootJobId: lineage.rootJobId,
    jobName: job.jobName,
    jobQueue: job.jobQueue,
    policy: lineage.policyName,
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

/** The alert for a decided retry that was given up at submit time: the lineage is closed GAVE_UP. */
export function notResubmittedAlert(
  decision: DecisionRecord,
  lineage: Lineage,
  reason: NotResubmitted,
  at: number,
): Alert {
  return {
    kind: 'GAVE_UP',
    severity: 'critical',
    title: `Could not resubmit Batch job ${decision.failedJobName}: ${reason.headline}`,
    summary:
      `Job ${decision.failedJobName} (${decision.failedJobId}) failed with ${withArticle(decision.failureClass)} failure ` +
      `and batch-retry decided to retry it, but ${reason.why} The lineage started by ${lineage.rootJobId} is ` +
      `closed as GAVE_UP. Next: ${reason.next}`,
    fingerprint: alertFingerprint('GAVE_UP', decision.jobQueue, decision.failureClass),
    at,
    jobId: decision.failedJobId,
    rootJobId: lineage.rootJobId,
    jobName: decision.failedJobName,
    jobQueue: decision.jobQueue,
    failureClass: decision.failureClass,
    policy: lineage.policyName,
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
  return {
    kind: 'DUPLICATE_CHILD',
    severity: 'warning',
    title: `Batch job ${decision.failedJobName} was resubmitted twice; cancel ${duplicateJobId}`,
    summary:
      `batch-retry resubmitted job ${decision.failedJobName} (${decision.failedJobId}) twice: a worker's SubmitJob ` +
      `outlived its claim and another worker submitted the job again. Job ${duplicateJobId} is the duplicate` +
      `${kept === undefined ? '' : `; job ${kept} is the one batch-retry follows`}. The duplicate's attempts count ` +
      `against lineage ${lineage.rootJobId}, and it is never retried. Next: cancel ${duplicateJobId} ` +
      `(aws batch terminate-job --job-id ${duplicateJobId} --reason "duplicate resubmission"), then check the ` +
      "resubmit function's timeout and the Batch client's request timeout (docs/operations.md).",
    fingerprint: alertFingerprint('DUPLICATE_CHILD', decision.jobQueue, decision.failureClass),
    at,
    jobId: duplicateJobId,
    rootJobId: lineage.rootJobId,
    jobName: decision.failedJobName,
    jobQueue: decision.jobQueue,
    failureClass: decision.failureClass,
    policy: lineage.policyName,
    details: { parentJobId: decision.failedJobId, duplicateJobId, keptChildJobId: kept ?? null },
  };
}
