import { OrchestratorError } from '../errors.js';

/**
 * Why a failed job cannot be turned into a SubmitJob request.
 * - `ARRAY_PARENT`: an array parent's failure is derived from its children; it is never resubmitted.
 * - `ARRAY_CHILD_WITHOUT_INDEX_VARIABLE`: an array child can only be rerun as a single job that reads
 *   its index from a variable, and none was given.
 * - `MULTI_NODE_NODE_JOB`: a node job (`UUID#n`, the main node included) of a multi-node job; only the
 *   whole job is resubmitted, from the multi-node job's own event.
 * - `UNREADABLE_DETAIL`: a field SubmitJob needs has a shape the Batch API never produces.
 * - `INVALID_OPTIONS`: the caller's options cannot be expressed (a reserved or malformed variable
 *   name, a lineage tag value over 256 characters).
 */
export type ResubmissionProblem =
  | 'ARRAY_PARENT'
  | 'ARRAY_CHILD_WITHOUT_INDEX_VARIABLE'
  | 'MULTI_NODE_NODE_JOB'
  | 'UNREADABLE_DETAIL'
  | 'INVALID_OPTIONS';

/**
 * A failed job that cannot be resubmitted as asked. Permanent: redelivering the event gives the same
 * answer; the caller closes the lineage or alerts. The message says which job, why, and what to do.
 */
export class ResubmissionError extends OrchestratorError {
  readonly problem: ResubmissionProblem;
  readonly jobId: string;

  constructor(problem: ResubmissionProblem, jobId: string, message: string) {
    super(message, { transient: false, context: { problem, jobId } });
    this.problem = problem;
    this.jobId = jobId;
  }
}
