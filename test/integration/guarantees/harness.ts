import { createDynamoDbBreaker } from '#adapters/aws/dynamodb/breaker.js';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import { CollectingAlerts } from '#adapters/memory/collecting-alerts.js';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { parseEvent } from '#core/events/parse.js';
import { type DecideDeps, handleJobEvent } from '#core/orchestrator/handle-job-event.js';
import { CLAIM_LEASE_MS, handleRetryMessage } from '#core/orchestrator/resubmit.js';
import { type RetryMessage, wakeAt } from '#core/orchestrator/retry-message.js';
import type { BreakerPort } from '#core/ports/breaker.js';
import type { DelayQueuePort } from '#core/ports/delay-queue.js';
import type { LedgerPort } from '#core/ports/ledger.js';
import { silentLog } from '#core/ports/log.js';
import type { PolicySource } from '#core/ports/policy-source.js';
import type { WaiterDeps } from '#core/workflow/announce.js';
import { dynaliteClient } from '../../helpers/dynalite.js';
import { FakeBatch } from '../../helpers/fake-batch.js';
import { eventFor } from './events.js';

/** Thrown by an injected crash: the Lambda died at that point. */
export class InjectedCrash extends Error {}

/** Where a crash is injected: the n-th external call (0-based), just before it or just after it returns. */
export interface CrashPoint {
  readonly call: number;
  readonly phase: 'before' | 'after';
}

/** A delivery waiting on one of the two SQS queues. */
type Delivery =
  | { readonly kind: 'event'; readonly event: unknown }
  | { readonly kind: 'retry'; readonly message: RetryMessage };

/**
 * The orchestrator on the real DynamoDB ledger (dynalite), a fake Batch and an SQS model with
 * at-least-once delivery: a handler that throws leaves its message to be delivered again after the
 * visibility timeout; a message sent while handling is delivered later. Every external call (ledger,
 * queue, Batch, alerts) goes through one counter, so a crash can be injected before or after any of
 * them, once.
 */
export class Harness {
  now = Date.UTC(2026, 10, 21, 3, 0, 0);
  readonly calls: string[] = [];
  readonly batch = new FakeBatch({ now: () => this.now });
  readonly alerts = new CollectingAlerts();
  readonly ledger: LedgerPort;
  readonly breaker: BreakerPort;
  /** Step Functions tasks waiting on lineages: when set, decide and resubmit answer them (instrumented). */
  waiters: WaiterDeps | undefined;
  readonly #pending: Delivery[] = [];
  #crash: CrashPoint | undefined;
  /** True from an injected crash to the end of that delivery. */
  #dead = false;
  #reported = 0;
  readonly #random = new SeededRandom(1);

  constructor(
    endpoint: string,
    tableName: string,
    readonly policies: PolicySource,
  ) {
    const client = dynaliteClient(endpoint);
    this.ledger = createDynamoDbLedger({ client, tableName });
    this.breaker = createDynamoDbBreaker({ client, tableName });
  }

  /** Crash once at `point`; later calls run normally (the redelivered message meets a healthy Lambda). */
  injectCrash(point: CrashPoint | undefined): void {
    this.#crash = point;
  }

  /**
   * Runs `invocation` as one Lambda invocation of another function (reconcile, await) on the same
   * crash counter: a Lambda that crashed before is a fresh one again.
   */
  invoke<T>(invocation: () => Promise<T>): Promise<T> {
    this.#dead = false;
    return invocation();
  }

  /** `target` with every method call counted in `calls` as a step boundary where a crash can be injected. */
  instrument<T extends object>(name: string, target: T): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          // A crashed Lambda makes no more calls: everything after the crash fails until the next delivery.
          if (this.#dead) throw new InjectedCrash(`no ${name}.${String(prop)}: the Lambda crashed`);
          const index = this.calls.length;
          this.calls.push(`${name}.${String(prop)}`);
          const crash = this.#crash;
          if (crash?.call === index && crash.phase === 'before') {
            this.#crash = undefined;
            this.#dead = true;
            throw new InjectedCrash(`crash before ${name}.${String(prop)}`);
          }
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
          if (crash?.call === index && crash.phase === 'after') {
            this.#crash = undefined;
            this.#dead = true;
            throw new InjectedCrash(`crash after ${name}.${String(prop)}`);
          }
          return result;
        };
      },
    });
  }

  #deps(): DecideDeps & Parameters<typeof handleRetryMessage>[1] {
    const retries: DelayQueuePort<RetryMessage> = {
      send: async (message) => {
        this.#pending.push({ kind: 'retry', message: structuredClone(message) });
      },
      sendBatch: async (messages) =>
        messages.map(({ message }) => {
          this.#pending.push({ kind: 'retry', message: structuredClone(message) });
          return undefined;
        }),
    };
    return {
      ledger: this.instrument('ledger', this.ledger),
      breaker: this.instrument('breaker', this.breaker),
      batch: this.instrument('batch', this.batch),
      retries: this.instrument('sqs', retries),
      alerts: this.instrument('alerts', this.alerts),
      ...(this.waiters === undefined
        ? {}
        : {
            waiters: {
              store: this.instrument('waiters', this.waiters.store),
              tasks: this.instrument('tasks', this.waiters.tasks),
            },
          }),
      policies: this.policies,
      clock: { now: () => this.now },
      random: this.#random,
      log: silentLog,
    };
  }

  /**
   * Puts on the events queue the event of every child Batch created since the last call, ending as
   * `fixture` says (`succeeded`, or a failure), with the tags (and claim token) it was submitted with.
   */
  reportChildren(fixture: string): void {
    for (const child of this.batch.jobs.slice(this.#reported)) {
      this.deliverEvent(eventFor(fixture, { jobId: child.jobId, at: this.now, tags: { ...child.tags } }));
    }
    this.#reported = this.batch.jobs.length;
  }

  /** Puts an EventBridge event on the events queue (as many times as called: duplicates are allowed). */
  deliverEvent(event: unknown): void {
    this.#pending.push({ kind: 'event', event: structuredClone(event) });
  }

  /**
   * Delivers the same event `times` times at once (concurrent Lambda invocations); deliveries that
   * fail go back on the queue. Returns how many failed.
   */
  async deliverConcurrently(event: unknown, times: number): Promise<number> {
    const results = await Promise.allSettled(
      Array.from({ length: times }, () =>
        handleJobEvent(parseEvent(structuredClone(event), 'harness'), this.#deps()),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected').length;
    for (let i = 0; i < failed; i++) this.deliverEvent(event);
    return failed;
  }

  /**
   * Hands every pending retry message to its own concurrent invocation at its due time (SQS may
   * deliver copies of a message to several consumers at once). Failed ones go back on the queue.
   */
  async deliverRetriesConcurrently(): Promise<void> {
    const retries = this.#pending.filter((d) => d.kind === 'retry');
    this.#pending.splice(0, this.#pending.length, ...this.#pending.filter((d) => d.kind !== 'retry'));
    this.now = Math.max(this.now, ...retries.map((d) => wakeAt(d.message)));
    const results = await Promise.allSettled(retries.map((d) => handleRetryMessage(d.message, this.#deps())));
    results.forEach((r, i) => {
      const delivery = retries[i];
      if (r.status === 'rejected' && delivery !== undefined) this.#pending.push(delivery);
    });
  }

  /**
   * Delivers everything pending, in order, until both queues are empty. Time jumps to each retry's
   * due time, and past the claim lease after a failed delivery (SQS visibility timeout), so every
   * path can finish. Returns how many deliveries failed.
   */
  async drain(maxDeliveries = 200): Promise<number> {
    let failures = 0;
    for (let n = 0; n < maxDeliveries; n++) {
      const delivery = this.#pending.shift();
      if (delivery === undefined) return failures;
      this.#dead = false;
      try {
        if (delivery.kind === 'event') {
          await handleJobEvent(parseEvent(delivery.event, 'harness'), this.#deps());
        } else {
          this.now = Math.max(this.now, wakeAt(delivery.message));
          await handleRetryMessage(delivery.message, this.#deps());
        }
      } catch {
        failures++;
        this.now += CLAIM_LEASE_MS + 1000;
        this.#pending.push(delivery);
      }
    }
    throw new Error(`still delivering after ${maxDeliveries} deliveries: a retry loop?`);
  }
}
