import type { Classification } from '../classify/classify-job.js';
import type { Decision } from '../decide/decide.js';
import type { NormalisedJob } from '../events/types.js';
import type { DecisionRecord, EvidenceRecord } from '../lineage/types.js';

function evidenceOf(classification: Classification): EvidenceRecord {
  const { attempt, field, pattern, text } = classification.evidence;
  return { ...(attempt === undefined ? {} : { attempt }), field, pattern, text };
}

/**
 * The record the ledger keeps of a RETRY or EXIT decision. A RETRY carries the exact SubmitJob
 * request the decision built, so the resubmit side never has to re-read the event.
 */
export function toDecisionRecord(args: {
  readonly job: NormalisedJob;
  readonly classification: Classification;
  readonly decision: Exclude<Decision, { action: 'IGNORE' }>;
  readonly now: number;
}): DecisionRecord {
  const { job, classification, decision, now } = args;
  const base = {
    failedJobId: job.jobId,
    failedJobName: job.jobName,
    jobQueue: job.jobQueue,
    failureClass: decision.failureClass,
    evidence: evidenceOf(classification),
    attemptsCounted: decision.attemptsCounted,
    decidedAt: now,
  };
  if (decision.action === 'EXIT') return { ...base, action: 'EXIT', reason: decision.reason };
  return {
    ...base,
    action: 'RETRY',
    request: decision.request,
    reason: decision.explanation.join('; '),
    dueAt: now + decision.delaySeconds * 1000,
    delaySeconds: decision.delaySeconds,
    childAttempt: decision.childAttempt,
  };
}
