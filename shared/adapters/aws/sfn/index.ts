/** Step Functions adapter of the TaskTokenPort (answers to tasks waiting on a lineage) and its client. */
export { createSfnClient } from './client.js';
export { createSfnTaskTokens } from './task-tokens.js';
