import type { NormalisedJob } from '../events/types.js';
import type { CarriedState } from '../lineage/carried-state.js';
import type { LoadedPolicy } from '../policy/select.js';
import type { SubmitJobInput } from '../ports/batch.js';
import { buildSubmitRequest } from '../submit/build-request.js';
import type { Resources } from './resources.js';

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

/**
 * The exact SubmitJob request of the child a RETRY submits: the failed job rebuilt with its lineage
 * tags, on `jobQueue`, with the escalated `resources`, native retries capped at `attemptsLeft`.
 * Throws `ResubmissionError` when the job cannot be rebuilt (an array child without an index
 * variable, a detail Batch would refuse).
 */
export function childRequest(args: {
  readonly job: NormalisedJob;
  readonly rootJobId: string;
  readonly policy: LoadedPolicy;
  readonly childAttempt: number;
  readonly jobQueue: string;
  readonly resources: Resources | undefined;
  readonly attemptsLeft: number;
  /** The lineage state once this decision is recorded, carried by the child in its tags. */
  readonly state: CarriedState;
}): SubmitJobInput {
  const { job, policy } = args;
  const arrayChildren = policy.policy.arrayChildren;
  const { request } = buildSubmitRequest(job, {
    lineage: {
      rootJobId: args.rootJobId,
      parentJobId: job.jobId,
      attempt: args.childAttempt,
      policyName: policy.name,
      state: args.state,
    },
    ...(args.jobQueue === job.jobQueue ? {} : { jobQueue: args.jobQueue }),
    ...(args.resources === undefined ? {} : { resources: args.resources }),
    ...(arrayChildren.mode === 'resubmit-as-single'
      ? { arrayIndexVariable: arrayChildren.indexVariable }
      : {}),
  });
  return withinBudget(request, args.attemptsLeft);
}
