import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CLAIM_LEASE_MS } from '#core/orchestrator/index.js';

/** The longest a function may run; each queue's visibility timeout is derived from its consumer's. */
export const FUNCTION_TIMEOUTS = {
  /** A batch of ten events: ledger writes, one SendMessageBatch, SSM at most once per cache period. */
  decide: Duration.seconds(30),
  /**
   * Above `MIN_REMAINING_MS_TO_SUBMIT` (30 s) plus one SubmitJob (13 s at most), far below the 5-minute
   * claim lease: a worker is never inside SubmitJob when its lease ends (docs/ledger.md).
   */
  resubmit: Duration.seconds(60),
  /** Pages of ListJobs per queue and up to RECONCILE_MAX_JOBS DescribeJobs and ledger reads. */
  reconcile: Duration.minutes(5),
  /** A few Slack posts, each with its retries (5 s per request, Retry-After honoured up to 30 s). */
  notify: Duration.seconds(60),
} as const;

/** AWS's advice for SQS event sources, which docs/operations.md ("Queue settings") relies on. */
const VISIBILITY_PER_TIMEOUT = 6;

/**
 * Receive limits. Events: an event that cannot be read fails the same way every time, so a few
 * deliveries are enough. Retries: a delivery that meets another worker's fresh claim fails on
 * purpose; the lease must run out well before the limit (see {@link queueSettingsHold}).
 */
export const MAX_RECEIVE_COUNT = { events: 5, retries: 10 } as const;

/** SQS's longest retention: messages survive an outage of the functions, or a paused event source. */
const RETENTION = Duration.days(14);

/** The visibility timeout of the queue consumed by `fn`. */
export function visibilityTimeoutFor(fn: keyof typeof FUNCTION_TIMEOUTS): Duration {
  return Duration.seconds(FUNCTION_TIMEOUTS[fn].toSeconds() * VISIBILITY_PER_TIMEOUT);
}

/**
 * The queue settings the code relies on, checked at synth (and asserted on the template by the
 * tests): the retries queue's receive limit outlasts a claim lease, counting only redeliveries.
 */
export function queueSettingsHold(): boolean {
  const redeliveryWindowMs =
    visibilityTimeoutFor('resubmit').toMilliseconds() * (MAX_RECEIVE_COUNT.retries - 1);
  return redeliveryWindowMs > CLAIM_LEASE_MS;
}

/** The events queue (EventBridge to decide) and the retries queue (decide to resubmit), each with its DLQ. */
export class OrchestratorQueues extends Construct {
  readonly events: Queue;
  readonly eventsDlq: Queue;
  readonly retries: Queue;
  readonly retriesDlq: Queue;
  readonly #common: QueueProps;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    if (!queueSettingsHold()) {
      throw new Error(
        'retries queue: visibility timeout x (maxReceiveCount - 1) must exceed the claim lease',
      );
    }
    const common = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: RETENTION,
      removalPolicy: props.removalPolicy,
    };
    this.eventsDlq = new Queue(this, 'EventsDlq', common);
    this.events = new Queue(this, 'Events', {
      ...common,
      visibilityTimeout: visibilityTimeoutFor('decide'),
      deadLetterQueue: { queue: this.eventsDlq, maxReceiveCount: MAX_RECEIVE_COUNT.events },
    });
    this.retriesDlq = new Queue(this, 'RetriesDlq', common);
    this.retries = new Queue(this, 'Retries', {
      ...common,
      visibilityTimeout: visibilityTimeoutFor('resubmit'),
      deadLetterQueue: { queue: this.retriesDlq, maxReceiveCount: MAX_RECEIVE_COUNT.retries },
    });
    this.#common = common;
  }

  /** A dead-letter queue with the settings of the others (encrypted, TLS only, 14 days), for a function's failed invocations. */
  deadLetterQueue(id: string): Queue {
    return new Queue(this, id, this.#common);
  }
}
