/**
 * The replay engine behind `batch-retry replay`: recorded events streamed through the real decisions
 * in bounded memory, and the report of what would have been retried, given up and alerted.
 */
export { formatProgress } from './progress-line.js';
export { renderReport } from './render-report.js';
export { DEFAULT_REORDER_WINDOW, type ReplayProgress, replayEvents } from './replay-events.js';
export { DEFAULT_MAX_LINEAGES } from './replay-ledger.js';
