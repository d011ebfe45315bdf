import type { Classification } from '../classify/classify-job.js';
import type { Decision } from '../decide/decide.js';
import type { NormalisedJob } from '../events/types.js';
import type { DecisionRecord, EvidenceRecord, Lineage } from '../lineage/types.js';
import type { LoadedPolicy } from '../policy/select.js';
import type { SubmitJobInput } from '../ports/batch.js';
import { buildSubmitRequest } from '../submit/build-request.js';
import { ResubmissionError } from '../submit/errors.js';

/**
 * The child keeps its native retryStrategy, but AWS Batch's own retries count against the lineage's
 * budget too: cap them at the attempts the lineage has left, so that native retries can never carry a
 * lineage past `budgets.total` or the hard limit.
 */
function withinBudget(request: SubmitJobInput, attemptsLeft: number): SubmitJobInput {
  const attempts = request.retryStrategy?.attempts;
  if (request.retryStrategy === undefined || attempts === undefined || attempts <= attemptsLeft)
    return request;
  return { ...request, retryStrategy: { ...request.retryStrategy, attempts: Math.max(1, attemptsLeft) } };
}

function evidenceOf(classification: Classification): EvidenceRecord {
  const { attempt, field, pattern, text } = classification.evidence;
  return { ...(attempt === undefined ? {} : { attempt }), field, pattern, text };
}

/**
 * Turns a RETRY or EXIT decision into the record the ledger keeps. A RETRY carries the exact SubmitJob
 * request, built now so the resubmit side never has to re-read the event; when the job cannot be
 * rebuilt (an array child without an index variable, a detail Batch would refuse), the decision
 * becomes an EXIT that says why, so a person is told instead of a retry failing later.
 */
export function toDecisionRecord(args: {
  readonly job: NormalisedJob;
  readonly classification: Classification;
  readonly decision: Exclude<Decision, { action: 'IGNORE' }>;
  readonly lineage: Lineage | undefined;
  readonly rootJobId: string;
  readonly policy: LoadedPolicy;
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

  const arrayChildren = args.policy.policy.arrayChildren;
  try {
    const { request } = buildSubmitRequest(job, {
      lineage: {
        rootJobId: args.rootJobId,
        parentJobId: job.jobId,
        attempt: decision.childAttempt,
        policyName: args.policy.name,
      },
      ...(decision.jobQueue === job.jobQueue ? {} : { jobQueue: decision.jobQueue }),
      ...(decision.resources === undefined ? {} : { resources: decision.resources }),
      ...(arrayChildren.mode === 'resubmit-as-single'
        ? { arrayIndexVariable: arrayChildren.indexVariable }
        : {}),
    });
    return {
      ...base,
      action: 'RETRY',
      request: withinBudget(request, decision.budget.totalLimit - decision.budget.totalUsed),
      reason: decision.explanation.join('; '),
      dueAt: now + decision.delaySeconds * 1000,
      delaySeconds: decision.delaySeconds,
      childAttempt: decision.childAttempt,
    };
  } catch (error) {
    if (!(error instanceof ResubmissionError)) throw error;
    return { ...base, action: 'EXIT', reason: `it cannot be resubmitted: ${error.message}` };
  }
}
