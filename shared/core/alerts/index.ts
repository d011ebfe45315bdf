/**
 * Alerts: texts written for an operator at 3 a.m. (what happened, to which job, what batch-retry did,
 * what to do next), which alerts a policy wants, their grouping by cause, the aggregation into
 * digests, and how each channel renders them (the SNS message, the Slack message).
 */
export { AlertGate, type AlertGateDeps, sendDigest } from './alert-gate.js';
export { type AlertMessage, alertMessageSchema, parseAlertMessage, toAlertMessage } from './alert-message.js';
export { DEFAULT_ALERT_DELIVERY, deliveryFor, policyWants } from './alert-selection.js';
export { breakerClosedAlert, breakerOpenAlert } from './breaker-alerts.js';
export {
  type DigestMessage,
  digestAlert,
  digestKey,
  digestMessageSchema,
  isDigestMessage,
  summaryDigest,
} from './digest.js';
export { alertFingerprint, reasonShape } from './fingerprint.js';
export {
  duplicateChildAlert,
  gaveUpAlert,
  type NotResubmitted,
  notResubmittedAlert,
  recoveredAlert,
  retryingAlert,
} from './lineage-alerts.js';
export { retriesPausedAlert, retriesResumedAlert } from './pause-alerts.js';
export { type StuckMessage, stuckAlert } from './stuck-alert.js';
