/**
 * The operator commands as library functions: retry a lineage, cancel its scheduled retry, wait for
 * it to end, pause and resume the retries of a queue. Each changes state with one conditional write
 * (of two people at once, exactly one wins and the other is told who), records who did it, and
 * takes a `confirm` callback that sees the plan before anything changes.
 */
export {
  type CancelDeps,
  type CancelDone,
  type CancelPlan,
  type CancelRequest,
  cancelRetry,
  carryOutCancel,
  describeCancelPlan,
  planCancel,
} from './cancel-retry.js';
export { lineageOfJob, type OperatorDeps, type Requester } from './operator-deps.js';
export { OperatorRefusal } from './operator-refusal.js';
export { inForce, pauseHolding } from './pause-match.js';
export {
  describePause,
  type PauseDeps,
  type PauseDone,
  type PauseRequest,
  pauseRetries,
  resumeRetries,
} from './pause-retries.js';
export {
  carryOutRetry,
  describeRetryPlan,
  planRetry,
  type RetryDeps,
  type RetryDone,
  type RetryPlan,
  type RetryRequest,
  retryLineage,
} from './retry-lineage.js';
export {
  NOT_TAKEN_ON_AFTER_MS,
  type WaitDeps,
  type WaitRequest,
  type WaitResult,
  waitForLineage,
} from './wait-lineage.js';
