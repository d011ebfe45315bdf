/**
 * The use cases the Lambda functions run, over the ports only: `handleJobEvents` (decide: one SQS
 * batch of state-change events) and `handleRetryMessage` (resubmit), and the retries-queue message
 * between them.
 */
export {
  type DecideDeps,
  type Decided,
  type EventOutcome,
  handleJobEvent,
  handleJobEvents,
} from './handle-job-event.js';
export { parseQueuedWork, type QueuedWork } from './queued-work.js';
export {
  CLAIM_LEASE_MS,
  ClaimInProgressError,
  CONFIRM_AFTER_MS,
  handleRetryMessage,
  type Invocation,
  MIN_REMAINING_MS_TO_SUBMIT,
  type ResubmitDeps,
  type ResubmitOutcome,
} from './resubmit.js';
export { PAUSE_RECHECK_SECONDS } from './resubmit-pause.js';
export { parseRetryMessage, type RetryMessage, wakeAt } from './retry-message.js';
