import type { Alert, AlertPort } from '../ports/alert.js';
import type { AlertWindowPort } from '../ports/alert-windows.js';
import type { Clock } from '../ports/clock.js';
import { type DelayQueuePort, MAX_QUEUE_DELAY_SECONDS } from '../ports/delay-queue.js';
import type { LogPort } from '../ports/log.js';
import { fromAlertMessage, parseAlertMessage, toAlertMessage } from './alert-message.js';
import { DEFAULT_ALERT_DELIVERY } from './alert-selection.js';
import {
  DIGEST_MESSAGE_KIND,
  type DigestEntry,
  type DigestMessage,
  digestAlert,
  digestKey,
  summaryDigest,
} from './digest.js';
import { queueName } from './words.js';

/** How long after a window's end its digest is due: room for the clocks of concurrent functions. */
export const DIGEST_GRACE_MS = 5_000;

/** How long one worker holds a digest before another may send it (a crash in between). */
export const DIGEST_CLAIM_MS = 60_000;

export interface AlertGateDeps {
  /** The channel alerts leave through (the SNS topic on AWS). */
  readonly channel: AlertPort;
  readonly windows: AlertWindowPort;
  /** The delay queue that carries digest timers (the retries queue on AWS). */
  readonly timers: DelayQueuePort<DigestMessage>;
  readonly clock: Clock;
  readonly log: LogPort;
}

/**
 * The AlertPort the orchestrator publishes to: aggregates alerts by fingerprint before they reach
 * the channel. The first alert of a cause goes out at once; later ones inside the policy's
 * `aggregateSeconds` are counted in the ledger table. When the window closes (driven by a delayed
 * message, never a timer in a function) the counted alerts of every cause whose window ended then
 * go out as one message: a digest of the one cause, or a summary of several. When the previous
 * window of a cause was busy, the new window's first alert is counted too, so a storm that goes on
 * reads as one message per window. No alert is dropped: when counting fails, or the digest already
 * went, the alert goes out on its own.
 */
export class AlertGate implements AlertPort {
  readonly #deps: AlertGateDeps;

  constructor(deps: AlertGateDeps) {
    this.#deps = deps;
  }

  async publish(alert: Alert): Promise<void> {
    const { channel, windows, timers, clock, log } = this.#deps;
    const delivery = alert.delivery ?? DEFAULT_ALERT_DELIVERY;
    const windowSeconds = delivery.aggregateSeconds;
    if (windowSeconds === 0 || alert.digest !== undefined) return channel.publish(alert);
    const now = clock.now();
    let counted: Awaited<ReturnType<AlertWindowPort['count']>>;
    try {
      counted = await windows.count({
        fingerprint: alert.fingerprint,
        at: now,
        windowSeconds,
        ...(alert.jobId === undefined ? {} : { jobId: alert.jobId }),
        ...(alert.jobQueue === undefined ? {} : { jobQueue: queueName(alert.jobQueue) }),
      });
    } catch (error) {
      log.warn('could not count an alert for aggregation; it goes out on its own', {
        kind: alert.kind,
        jobId: alert.jobId,
        error: error instanceof Error ? error.message : String(error),
      });
      return channel.publish(alert);
    }
    if (counted.late) return channel.publish(alert);
    const first = counted.count === 1;
    const lead = first && !counted.previousActive;
    if (lead) await channel.publish(alert);
    // The first alert registers its window; a later one does when the first died before it could.
    if (!first && counted.registered) return;
    const key = digestKey(windowSeconds, delivery.channels);
    const place = { fingerprint: alert.fingerprint, windowStart: counted.windowStart, digestKey: key };
    const registration = await windows.register(place);
    // The digest already went (a clock far behind): nothing will report this alert but itself.
    if (registration === 'closed') return lead ? undefined : channel.publish(alert);
    if (registration === 'timer-needed') {
      const dueAt = counted.windowStart + windowSeconds * 1000 + DIGEST_GRACE_MS;
      const timer: DigestMessage = {
        kind: DIGEST_MESSAGE_KIND,
        ...place,
        windowSeconds,
        channels: [...delivery.channels],
        dueAt,
      };
      await timers.send(timer, delayUntil(dueAt, now));
    }
    await windows.markRegistered({
      ...place,
      first: JSON.stringify(toAlertMessage(alert)),
      leadSent: lead,
      timerQueued: registration === 'timer-needed',
    });
  }
}

function delayUntil(dueAt: number, now: number): number {
  return Math.min(Math.max(0, Math.ceil((dueAt - now) / 1000)), MAX_QUEUE_DELAY_SECONDS);
}

/** Per-queue counts without the alert that already went out alone (from `jobQueue`). */
function withoutOne(
  byQueue: Readonly<Record<string, number>>,
  jobQueue: string | undefined,
): Record<string, number> {
  const counts = { ...byQueue };
  const queue = jobQueue === undefined ? undefined : queueName(jobQueue);
  if (queue !== undefined && (counts[queue] ?? 0) > 0) counts[queue] = (counts[queue] ?? 0) - 1;
  if (queue !== undefined && counts[queue] === 0) delete counts[queue];
  return counts;
}

/** What a digest timer came to. */
export type DigestOutcome = 'deferred' | 'sent' | 'nothing-to-send' | 'already-sent';

/**
 * Handles a digest timer: not yet due, it goes back on the queue for the rest of the wait; due, the
 * digest is claimed (which closes its windows), and the alerts counted and not sent on their own go
 * out as one message: the digest of the one cause, or a summary of several. A digest another worker
 * is sending fails the delivery (the queue retries it later).
 */
export async function sendDigest(
  message: DigestMessage,
  deps: Pick<AlertGateDeps, 'channel' | 'windows' | 'timers' | 'clock'>,
): Promise<DigestOutcome> {
  const now = deps.clock.now();
  if (message.dueAt > now) {
    await deps.timers.send(message, delayUntil(message.dueAt, now));
    return 'deferred';
  }
  const claim = await deps.windows.claimDigest(message.digestKey, message.windowStart, now, DIGEST_CLAIM_MS);
  if (claim.kind === 'done') return 'already-sent';
  if (claim.kind === 'busy') throw new Error(`digest ${message.digestKey} is being sent by another worker`);
  const window = { from: message.windowStart, to: message.windowStart + message.windowSeconds * 1000 };
  const entries: DigestEntry[] = [];
  const leads: boolean[] = [];
  for (const totals of claim.windows) {
    const count = totals.count - (totals.leadSent ? 1 : 0);
    if (count <= 0 || totals.first === undefined) continue;
    const first = fromAlertMessage(parseAlertMessage(totals.first));
    entries.push({
      first,
      count,
      byQueue: totals.leadSent ? withoutOne(totals.byQueue, first.jobQueue) : totals.byQueue,
      sampleJobIds: totals.sampleJobIds,
    });
    leads.push(totals.leadSent);
  }
  const [only] = entries;
  if (only !== undefined && entries.length === 1 && only.count === 1 && leads[0] !== true) {
    // One alert that never went out alone: it needs no digest, it is its own message.
    await deps.channel.publish({
      ...only.first,
      delivery: { aggregateSeconds: 0, channels: message.channels },
    });
  } else if (only !== undefined && entries.length === 1) {
    const digest = { ...window, count: only.count, byQueue: only.byQueue, sampleJobIds: only.sampleJobIds };
    await deps.channel.publish({
      ...digestAlert(only.first, digest, leads[0] === true, now),
      delivery: { aggregateSeconds: 0, channels: message.channels },
    });
  } else if (entries.length > 1) {
    await deps.channel.publish(summaryDigest(entries, window, message.channels, now));
  }
  await deps.windows.markDigested(
    message.digestKey,
    message.windowStart,
    claim.windows.map((w) => w.fingerprint),
    now,
  );
  return entries.length > 0 ? 'sent' : 'nothing-to-send';
}
