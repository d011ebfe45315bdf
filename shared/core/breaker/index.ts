/**
 * Circuit-breaker arithmetic shared by every BreakerPort implementation: the scope of a breaker (queue
 * name and failure class) and its counting windows.
 */
export { breakerQueueName, breakerScope, windowKey, windowStartMs } from './breaker-scope.js';
