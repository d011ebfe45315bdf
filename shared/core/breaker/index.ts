/**
 * Circuit-breaker arithmetic shared by every BreakerPort implementation: the scope of a breaker (queue
 * name and failure class), the sliding window its failures are counted in, and its half-open phase.
 */
export { breakerQueueName, breakerScope } from './breaker-scope.js';
export {
  type Admission,
  type BreakerPhase,
  type BreakerState,
  breakerPhase,
  MAX_PROBES,
  type ProbePlan,
  parkUntil,
  probePlan,
} from './half-open.js';
export { bucketName, bucketSeconds, bucketsToAdd, slidingCount, staleBuckets } from './sliding-window.js';
