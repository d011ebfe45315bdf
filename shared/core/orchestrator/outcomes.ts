import type { NormalisedJob } from '../events/types.js';
import type { DecisionRecord, Lineage } from '../lineage/types.js';
import type { LoadedPolicy } from '../policy/select.js';
import type { AlertPort } from '../ports/alert.js';
import type { BreakerPort } from '../ports/breaker.js';
import type { Clock, Random } from '../ports/clock.js';
import type { DelayQueuePort } from '../ports/delay-queue.js';
import type { LedgerPort } from '../ports/ledger.js';
import type { LineageEventPort } from '../ports/lineage-events.js';
import type { LogPort } from '../ports/log.js';
import type { PolicySource } from '../ports/policy-source.js';
import type { WaiterDeps } from '../workflow/announce.js';
import type { RetryMessage } from './retry-message.js';

/** The ports the decide use case needs. */
export interface DecideDeps {
  readonly ledger: LedgerPort;
  /** Breakers per queue and failure class, counted when the policy's breaker is enabled. */
  readonly breaker: BreakerPort;
  readonly retries: DelayQueuePort<RetryMessage>;
  readonly alerts: AlertPort;
  readonly policies: PolicySource;
  readonly clock: Clock;
  readonly random: Random;
  readonly log: LogPort;
  /** Where lineage events go (RECOVERED, GAVE_UP); none are published without it. */
  readonly events?: LineageEventPort;
  /** Step Functions tasks waiting on lineages, answered when a job tagged `batch-retry:await` ends. */
  readonly waiters?: WaiterDeps;
}

/** What handling one event ended in; the decide function counts each outcome as a metric. */
export type EventOutcome =
  | { readonly outcome: 'ignored'; readonly reason: string }
  | {
      readonly outcome: 'retry-scheduled';
      readonly rootJobId: string;
      readonly decision: DecisionRecord;
      /** True when the decision had been recorded by an earlier delivery (G1): only the action was redone. */
      readonly duplicate: boolean;
      /** Epoch ms until which an open breaker holds the retry back, when it does. */
      readonly parkedUntil?: number;
    }
  | {
      readonly outcome: 'gave-up';
      readonly rootJobId: string;
      readonly decision: DecisionRecord;
      readonly duplicate: boolean;
    }
  /** A duplicate child failed: its attempts were counted on the lineage, nothing else happened. */
  | { readonly outcome: 'orphan-failed'; readonly rootJobId: string; readonly decision: DecisionRecord }
  | { readonly outcome: 'recovered'; readonly rootJobId: string }
  /** A job tagged `batch-retry:await` succeeded on its first run: the tasks waiting on it were answered. */
  | { readonly outcome: 'first-run-success'; readonly rootJobId: string };

/** A decision recorded (or found recorded) for a FAILED event, not yet acted on. */
export interface Decided {
  readonly job: NormalisedJob;
  readonly rootJobId: string;
  readonly decision: DecisionRecord;
  readonly lineage: Lineage;
  readonly duplicate: boolean;
  /** The policy that made it, when this delivery made it. */
  readonly policy: LoadedPolicy | undefined;
}

/** Stage 1's answer for one event: finished, or a decision to act on in stage 3. */
export type Settled =
  | { readonly kind: 'done'; readonly outcome: EventOutcome }
  | ({ readonly kind: 'decided' } & Decided);
