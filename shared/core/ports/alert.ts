import type { FailureClass } from '../classify/classes.js';

/** What happened, from the operator's point of view. */
export type AlertKind =
  | 'GAVE_UP' // a lineage exhausted its budget or hit a fatal rule: a person must look
  | 'NOT_RESUBMITTED' // a decided retry could not be submitted (Batch refused it, or it was too old)
  | 'RETRYING' // a failure was scheduled for resubmission (opt-in, noisy)
  | 'RECOVERED' // a lineage that had failed before succeeded (opt-in)
  | 'BREAKER_OPEN' // too many failures of one class on one queue: retries parked
  | 'BREAKER_CLOSED' // probes after the cooldown did not fail the same way: parked retries released
  | 'POLICY_INVALID' // a policy could not be read or validated: last known good in force
  | 'DUPLICATE_CHILD' // a failed job was resubmitted twice (a claim was lost mid-SubmitJob)
  | 'STUCK' // a message will not be processed and goes to a dead-letter queue
  | 'DIGEST' // the alerts of several causes counted in one aggregation window, in one message
  | 'RETRIES_PAUSED' // a person paused retries for a queue (batch-retry pause)
  | 'RETRIES_RESUMED'; // a person ended such a pause (batch-retry resume)

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** The channels an alert may go to: the SNS topic's subscribers, and Slack through the notify function. */
export type AlertChannel = 'sns' | 'slack';

/** How an alert is delivered: from the policy that governs the job, else the defaults. */
export interface AlertDelivery {
  /** Alerts with one fingerprint inside this many seconds go out as the first one plus one digest; 0 sends each. */
  readonly aggregateSeconds: number;
  readonly channels: readonly AlertChannel[];
}

/** What a digest adds to the alert it summarises: the alerts of one fingerprint counted in a window. */
export interface AlertDigest {
  /** Alerts counted in the window and not sent on their own. */
  readonly count: number;
  /** Epoch ms: the window the count covers. */
  readonly from: number;
  readonly to: number;
  /** `count` per job queue name. */
  readonly byQueue: Readonly<Record<string, number>>;
  /** A few of the job ids counted, for a first look. */
  readonly sampleJobIds: readonly string[];
  /** On a DIGEST of several causes: each cause, its count and its first alert's headline. */
  readonly causes?: readonly DigestCause[];
}

/** One cause in a digest of several. */
export interface DigestCause {
  readonly fingerprint: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly count: number;
}

/**
 * One alert, channel-neutral. `title`, `summary` and `next` are written for an operator at 3 a.m.:
 * what happened, to which job, what the system did, and what to do next. `fingerprint` groups alerts
 * with one cause (see `alertFingerprint`), for aggregation and for subscribers.
 */
export interface Alert {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  /** One line, the headline. */
  readonly title: string;
  /** The whole story in a few sentences, `next` included (email, logs). */
  readonly summary: string;
  /** What the reader should do now, one or two sentences. */
  readonly next: string;
  readonly fingerprint: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly jobId?: string;
  readonly rootJobId?: string;
  readonly jobName?: string;
  readonly jobQueue?: string;
  /** Job definition name, without revision or ARN. */
  readonly jobDefinition?: string;
  readonly failureClass?: FailureClass;
  /** The failure's reason as AWS wrote it, one line. */
  readonly reason?: string;
  /** What batch-retry did, one line: "gave up: the infrastructure budget (3) is spent". */
  readonly decision?: string;
  /** Attempts counted per failure class in the lineage. */
  readonly counts?: Readonly<Partial<Record<FailureClass, number>>>;
  readonly policy?: string;
  /** AWS console pages of the job and its log stream. */
  readonly links?: { readonly job: string; readonly logs?: string };
  /** Absent: the defaults (aggregate 300 s, every channel). */
  readonly delivery?: AlertDelivery;
  /** Present on a digest: the alerts it stands for. */
  readonly digest?: AlertDigest;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Where alerts go: the SNS topic on AWS, a list in the simulator and the tests. */
export interface AlertPort {
  publish(alert: Alert): Promise<void>;
}
