import type { AlertPort } from '../ports/alert.js';
import type { BatchPort } from '../ports/batch.js';
import type { BreakerPort } from '../ports/breaker.js';
import type { Clock, Random } from '../ports/clock.js';
import type { DelayQueuePort } from '../ports/delay-queue.js';
import type { LedgerPort } from '../ports/ledger.js';
import type { LineageEventPort } from '../ports/lineage-events.js';
import type { LogPort } from '../ports/log.js';
import type { PauseReader } from '../ports/pauses.js';
import type { WaiterDeps } from '../workflow/announce.js';
import type { RetryMessage } from './retry-message.js';

/** The ports the resubmit use case needs. */
export interface ResubmitDeps {
  readonly ledger: LedgerPort;
  readonly batch: BatchPort;
  /** The breakers, asked by a retry they parked whether it may go (the half-open probes). */
  readonly breaker: BreakerPort;
  readonly alerts: AlertPort;
  readonly retries: DelayQueuePort<RetryMessage>;
  readonly clock: Clock;
  readonly random: Random;
  readonly log: LogPort;
  /** Where lineage events go (RESUBMITTED, GAVE_UP at submit time); none are published without it. */
  readonly events?: LineageEventPort;
  /** Step Functions tasks waiting on lineages, answered when a lineage of a tagged job gives up here. */
  readonly waiters?: WaiterDeps;
  /** Pauses people set (`batch-retry pause`); without it nothing is held. */
  readonly pauses?: PauseReader;
}

/** The Lambda invocation handling a message: how much of its time is left (Lambda's context). */
export interface Invocation {
  remainingMs(): number;
}
