/**
 * An AlertPort that writes each alert as one structured log line.
 */
export { createLogAlertSink } from './log-alert-sink.js';
