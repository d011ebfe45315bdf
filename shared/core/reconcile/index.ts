/**
 * The reconcile sweep: finds FAILED jobs whose state-change events never reached decide (EventBridge
 * can fail to deliver; the product can be down) and re-feeds them as real-shaped events.
 */
export { isReconciled, RECONCILE_EVENT_ID_PREFIX, reconciledEvent } from './reconciled-event.js';
export { type ReconcileDeps, type SweepOptions, type SweepReport, sweepFailures } from './sweep.js';
