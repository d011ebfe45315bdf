import type { FailureClass } from '../classify/classes.js';

/** What happened, from the operator's point of view. */
export type AlertKind =
  | 'GAVE_UP' // a lineage exhausted its budget or hit a fatal rule: a person must look
  | 'RETRYING' // a failure was scheduled for resubmission (opt-in, noisy)
  | 'RECOVERED' // a lineage that had failed before succeeded
  | 'BREAKER_OPEN' // too many failures of one class on one queue: retries paused
  | 'POLICY_INVALID' // a policy could not be read or validated: last known good in force
  | 'UNPARSEABLE_EVENT' // an event could not be read at all
  | 'DUPLICATE_CHILD' // a failed job was resubmitted twice (a claim was lost mid-SubmitJob)
  | 'STUCK' // a message will not be processed and goes to a dead-letter queue
  | 'RETRIES_PAUSED' // a person paused retries for a queue (batch-retry pause)
  | 'RETRIES_RESUMED'; // a person ended such a pause (batch-retry resume)

export type AlertSeverity = 'info' | 'warning' | 'critical';

/**
 * One alert, channel-neutral. `title` and `summary` are written for an operator at 3 a.m.: what
 * happened, to which job, what the system did, what to do next. `fingerprint` groups alerts for
 * aggregation (same kind, queue and class).
 */
export interface Alert {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly summary: string;
  readonly fingerprint: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly jobId?: string;
  readonly rootJobId?: string;
  readonly jobName?: string;
  readonly jobQueue?: string;
  readonly failureClass?: FailureClass;
  readonly policy?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Where alerts go: SNS and Slack on AWS, a list in the simulator, one log line until alerting lands. */
export interface AlertPort {
  publish(alert: Alert): Promise<void>;
}
