/**
 * SQS adapter of the DelayQueuePort (the retries queue) and its client.
 */
export { createSqsClient } from './client.js';
export { createSqsDelayQueue } from './delay-queue.js';
