/**
 * The use cases the Lambda functions run, over the ports only: `handleJobEvent` (decide) and
 * `handleRetryMessage` (resubmit), and the retries-queue message between them.
 */
export { type DecideDeps, type EventOutcome, handleJobEvent } from './handle-job-event.js';
export { handleRetryMessage, type ResubmitDeps, type ResubmitOutcome } from './resubmit.js';
export { parseRetryMessage, type RetryMessage } from './retry-message.js';
