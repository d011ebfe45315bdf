import type { Classification } from '../classify/classify-job.js';
import type { Decision } from '../decide/decide.js';
import type { NormalisedJob } from '../events/types.js';
import { type DecisionRecord, type EvidenceRecord, MAX_STORED_TEXT_CHARS } from '../lineage/types.js';
import { logLocation } from '../links/console-links.js';

/** `text` cut to what a decision stores, so a lineage item stays far below DynamoDB's 400 KB limit. */
function bounded(text: string): string {
  return text.length <= MAX_STORED_TEXT_CHARS ? text : `${text.slice(0, MAX_STORED_TEXT_CHARS - 3)}...`;
}

function evidenceOf(classification: Classification): EvidenceRecord {
  const { attempt, field, pattern, text, cause } = classification.evidence;
  return {
    ...(attempt === undefined ? {} : { attempt }),
    field,
    pattern: bounded(pattern),
    text: bounded(text),
    ...(cause === undefined ? {} : { cause }),
  };
}

/**
 * The record the ledger keeps of a RETRY or EXIT decision. A RETRY carries the exact SubmitJob
 * request the decision built, so the resubmit side never has to re-read the event, and the failed
 * job's log stream, so `batch-retry lineage` can link it. Evidence texts and
 * reasons are cut at {@link MAX_STORED_TEXT_CHARS}: with the hard limit of 50 attempts, a lineage item
 * then stays far below DynamoDB's 400 KB item limit (docs/ledger.md, "Size").
 */
export function toDecisionRecord(args: {
  readonly job: NormalisedJob;
  readonly classification: Classification;
  readonly decision: Exclude<Decision, { action: 'IGNORE' }>;
  readonly now: number;
}): DecisionRecord {
  const { job, classification, decision, now } = args;
  const base = {
    ...logLocation(job),
    failedJobId: job.jobId,
    failedJobName: job.jobName,
    jobQueue: job.jobQueue,
    failureClass: decision.failureClass,
    evidence: evidenceOf(classification),
    attemptsCounted: decision.attemptsCounted,
    decidedAt: now,
  };
  if (decision.action === 'EXIT') return { ...base, action: 'EXIT', reason: bounded(decision.reason) };
  return {
    ...base,
    action: 'RETRY',
    request: decision.request,
    reason: bounded(decision.explanation.join('; ')),
    dueAt: now + decision.delaySeconds * 1000,
    delaySeconds: decision.delaySeconds,
    childAttempt: decision.childAttempt,
  };
}
