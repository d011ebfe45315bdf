/**
 * Circuit-breaker arithmetic shared by every BreakerPort implementation: the scope of a breaker (queue
 * name and failure class) and the sliding window its failures are counted in.
 */
export { breakerQueueName, breakerScope } from './breaker-scope.js';
export { bucketName, bucketSeconds, bucketsToAdd, slidingCount, staleBuckets } from './sliding-window.js';
