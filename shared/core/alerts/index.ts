/**
 * Alert texts, written for an operator at 3 a.m.: what happened, to which job, what batch-retry did,
 * and what to do next. Pure builders of `Alert` values; publishing is the AlertPort's job.
 */
export { breakerOpenAlert } from './breaker-alerts.js';
export {
  gaveUpAlert,
  type NotResubmitted,
  notResubmittedAlert,
  recoveredAlert,
  retryingAlert,
} from './lineage-alerts.js';
export { retriesPausedAlert, retriesResumedAlert } from './pause-alerts.js';
export { type StuckMessage, stuckAlert } from './stuck-alert.js';
