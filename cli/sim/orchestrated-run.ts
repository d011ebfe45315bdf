import {
  CollectingAlerts,
  InMemoryAlertWindows,
  InMemoryBreaker,
  InMemoryLedger,
} from '#adapters/memory/index.js';
import { AlertGate, type DigestMessage, sendDigest } from '#core/alerts/index.js';
import type { NormalisedJob } from '#core/events/index.js';
import { parseEvent } from '#core/events/index.js';
import type { RetryMessage } from '#core/orchestrator/index.js';
import {
  type EventOutcome,
  handleJobEvent,
  handleRetryMessage,
  type ResubmitOutcome,
} from '#core/orchestrator/index.js';
import type { AlertPort, PolicySource, Random } from '#core/ports/index.js';
import { type LogPort, silentLog } from '#core/ports/index.js';
import { RecordedChannels } from './alert-channels.js';
import { ScheduledDelayQueue } from './scheduled-delay-queue.js';
import type { Simulation } from './simulation.js';

/**
 * Virtual seconds before a message whose handler threw is delivered again: the SQS visibility
 * timeout. Six times a 60 s Lambda timeout, as AWS advises for SQS event sources; longer than the
 * resubmit claim lease (5 min), so a redelivered retry can take over a claim left by a crash.
 */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 360;

/** Deliveries of one message before it goes to the dead-letter queue (the queue's maxReceiveCount). */
export const DEFAULT_MAX_RECEIVES = 5;

/**
 * Resubmit deliveries per virtual second: the resubmit function's reserved concurrency caps how fast
 * it works the retries queue, and with it the SubmitJob rate (the stack's default, docs/deploy.md).
 */
export const DEFAULT_RESUBMITS_PER_SECOND = 10;

/** The two SQS consumers of the deployed system. */
export type OrchestratorHandler = 'decide' | 'resubmit';

/**
 * What the attached orchestrator saw and did, in virtual time (epoch ms), for timelines and tests.
 * `transition` reports the other job states from a cheap look at the event, without parsing it.
 */
export type OrchestratorActivity =
  | {
      readonly kind: 'transition';
      readonly at: number;
      readonly jobId: string;
      readonly status: string;
      /** Attempts already finished; above 0 on RUNNABLE means Batch retried the job natively. */
      readonly finishedAttempts: number;
    }
  | {
      readonly kind: 'decided';
      readonly at: number;
      readonly job: NormalisedJob;
      readonly outcome: EventOutcome;
    }
  | {
      readonly kind: 'resubmit';
      readonly at: number;
      readonly message: RetryMessage;
      readonly outcome: ResubmitOutcome;
    }
  | {
      readonly kind: 'handler-failed';
      readonly at: number;
      readonly handler: OrchestratorHandler;
      readonly error: unknown;
      /** 1 for the first delivery. */
      readonly receiveCount: number;
      /** True when this was the last delivery: the message went to the dead-letter queue. */
      readonly deadLettered: boolean;
    };

export interface AttachOptions {
  readonly policies: PolicySource;
  /** Jitter and claim tokens; pass a SeededRandom so that a run is reproducible. */
  readonly random: Random;
  readonly log?: LogPort;
  /** Called for every activity; leave it out for large runs (nothing is collected then). */
  readonly observe?: (activity: OrchestratorActivity) => void;
  /** Default {@link DEFAULT_VISIBILITY_TIMEOUT_SECONDS}. */
  readonly visibilityTimeoutSeconds?: number;
  /** Default {@link DEFAULT_MAX_RECEIVES}. */
  readonly maxReceives?: number;
  /** Default {@link DEFAULT_RESUBMITS_PER_SECOND}. */
  readonly resubmitsPerSecond?: number;
}

/** The orchestrator's in-memory adapters, and how often its handlers failed. */
export interface AttachedOrchestrator {
  readonly ledger: InMemoryLedger;
  readonly breaker: InMemoryBreaker;
  /** Every alert the orchestrator raised, before aggregation. */
  readonly alerts: CollectingAlerts;
  /** What reached the channels after aggregation: SNS messages and Slack posts. */
  readonly channels: RecordedChannels;
  readonly retries: ScheduledDelayQueue<RetryMessage>;
  /** Virtual times (epoch ms) of every SubmitJob the resubmit function made. */
  readonly submitTimes: readonly number[];
  /** Deliveries whose handler threw (each was redelivered, or dead-lettered at the receive limit). */
  readonly handlerErrors: () => number;
  /** Messages that reached the receive limit and were dead-lettered. */
  readonly deadLettered: () => number;
}

/** The status and job id of a raw event, read without validating it (only the final ones are parsed). */
function peek(event: unknown): { status?: unknown; jobId?: unknown; attempts?: unknown } {
  if (event === null || typeof event !== 'object') return {};
  const detail = (event as { detail?: unknown }).detail;
  return detail !== null && typeof detail === 'object' ? (detail as Record<string, unknown>) : {};
}

/**
 * Attaches the real orchestrator to a simulation, wired as on AWS: the EventBridge rule forwards
 * only FAILED and SUCCEEDED events, each is parsed with `parseEvent` and handled by `handleJobEvent`
 * (the decide Lambda); RETRY decisions go through a {@link ScheduledDelayQueue} whose consumer is
 * `handleRetryMessage` (the resubmit Lambda), which submits to the simulated Batch. The ledger is an
 * InMemoryLedger, the circuit breakers an InMemoryBreaker, alerts are collected, the clock is the
 * simulation's virtual clock. A handler that throws is treated like an SQS redelivery: the same
 * message is handled again after the visibility timeout, up to `maxReceives` deliveries, then
 * dead-lettered. Nothing here changes what the core does.
 */
export function attachOrchestrator(simulation: Simulation, options: AttachOptions): AttachedOrchestrator {
  const { clock, scheduler, batch } = simulation;
  const visibilityMs = (options.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS) * 1000;
  const maxReceives = options.maxReceives ?? DEFAULT_MAX_RECEIVES;
  const observe = options.observe;
  const log = options.log ?? silentLog;
  const ledger = new InMemoryLedger();
  const breaker = new InMemoryBreaker();
  const raised = new CollectingAlerts();
  const channels = new RecordedChannels();
  const submitTimes: number[] = [];
  const slotMs = 1000 / (options.resubmitsPerSecond ?? DEFAULT_RESUBMITS_PER_SECOND);
  let nextSlot = 0;
  let handlerErrors = 0;
  let deadLettered = 0;

  const deliver = async (
    handler: OrchestratorHandler,
    work: () => Promise<void>,
    receiveCount: number,
  ): Promise<void> => {
    try {
      await work();
    } catch (error) {
      handlerErrors++;
      const last = receiveCount >= maxReceives;
      if (last) deadLettered++;
      observe?.({
        kind: 'handler-failed',
        at: clock.now(),
        handler,
        error,
        receiveCount,
        deadLettered: last,
      });
      if (!last) scheduler.after(visibilityMs, () => deliver(handler, work, receiveCount + 1));
    }
  };

  /** Runs `work` in the resubmit function's next free slot: its concurrency caps the rate it works the queue. */
  const inResubmitSlot = (work: () => Promise<void>): void | Promise<void> => {
    const slot = Math.max(clock.now(), nextSlot);
    nextSlot = slot + slotMs;
    if (slot <= clock.now()) return deliver('resubmit', work, 1);
    scheduler.after(slot - clock.now(), () => deliver('resubmit', work, 1));
  };
  const retries: ScheduledDelayQueue<RetryMessage> = new ScheduledDelayQueue<RetryMessage>(
    scheduler,
    (message) =>
      inResubmitSlot(async () => {
        const outcome = await handleRetryMessage(message, resubmitDeps);
        if (outcome.outcome === 'submitted' || outcome.outcome === 'duplicate-child')
          submitTimes.push(clock.now());
        observe?.({ kind: 'resubmit', at: clock.now(), message, outcome });
      }),
  );
  const timers: ScheduledDelayQueue<DigestMessage> = new ScheduledDelayQueue<DigestMessage>(
    scheduler,
    (message) =>
      inResubmitSlot(async () => {
        await sendDigest(message, gateDeps);
      }),
  );
  const gateDeps = { channel: channels, windows: new InMemoryAlertWindows(), timers, clock, log };
  const gate = new AlertGate(gateDeps);
  const alerts: AlertPort = {
    publish: async (alert) => {
      await raised.publish(alert);
      await gate.publish(alert);
    },
  };
  const resubmitDeps = { ledger, batch, breaker, alerts, retries, clock, random: options.random, log };
  const decideDeps = {
    ledger,
    breaker,
    retries,
    alerts,
    policies: options.policies,
    clock,
    random: options.random,
    log,
  };

  batch.attach(async (event) => {
    const { status, jobId, attempts } = peek(event);
    if (status !== 'FAILED' && status !== 'SUCCEEDED') {
      observe?.({
        kind: 'transition',
        at: clock.now(),
        jobId: String(jobId),
        status: String(status),
        finishedAttempts: Array.isArray(attempts) ? attempts.length : 0,
      });
      return;
    }
    await deliver(
      'decide',
      async () => {
        const job = parseEvent(event, `simulated event for job ${String(jobId)}`);
        const outcome = await handleJobEvent(job, decideDeps);
        observe?.({ kind: 'decided', at: clock.now(), job, outcome });
      },
      1,
    );
  });

  return {
    ledger,
    breaker,
    alerts: raised,
    channels,
    retries,
    submitTimes,
    handlerErrors: () => handlerErrors,
    deadLettered: () => deadLettered,
  };
}
