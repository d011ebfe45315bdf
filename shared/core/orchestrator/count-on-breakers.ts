import { deliveryFor, policyWants } from '../alerts/alert-selection.js';
import { breakerOpenAlert } from '../alerts/breaker-alerts.js';
import { breakerScope } from '../breaker/breaker-scope.js';
import { lineageRefOf } from '../lineage/lineage-ref.js';
import type { LoadedPolicy } from '../policy/select.js';
import type { Alert } from '../ports/alert.js';
import type { BreakerKey, BreakerSettings } from '../ports/breaker.js';
import { alertUnder } from './alerting.js';
import type { DecideDeps, Decided } from './outcomes.js';
import type { RetryMessage } from './retry-message.js';

/** How retries of one breaker's queue and class are parked: until when, and what the message carries. */
export interface Parking {
  /** Epoch ms. */
  readonly until: number;
  readonly by: NonNullable<Extract<RetryMessage, { v: 2 }>['parkedBy']>;
}

/**
 * How far apart the recording of a decision and the opening its count caused can be: both happen in
 * one decide invocation, whose timeout (30 s, pinned by the stack) bounds it, with room for clocks.
 */
export const OPENED_WITH_DECISION_MS = 60_000;

/** When the job failed, for the breaker's window: when it stopped, else when the event says, else now. */
function failureTime(decided: Decided, now: number): number {
  const { job } = decided;
  const eventTime = job.event === undefined ? Number.NaN : Date.parse(job.event.time);
  return job.stoppedAt ?? (Number.isFinite(eventTime) ? eventTime : now);
}

interface Group {
  readonly first: Decided;
  readonly policy: LoadedPolicy;
  readonly settings: BreakerSettings;
  readonly times: number[];
  /** A failed probe of this breaker in the batch: the job, and the opening it probed. */
  probe?: { readonly job: Decided['job']; readonly openedAt: number };
}

function parkingFor(key: BreakerKey, until: number, group: Group): Parking {
  const wantsClosed = policyWants(group.policy.policy, 'BREAKER_CLOSED', key.failureClass);
  return {
    until,
    by: {
      jobQueue: key.jobQueue,
      failureClass: key.failureClass,
      cooldownSeconds: group.settings.cooldownSeconds,
      ...(wantsClosed ? { closedAlert: closedAlertDelivery(group.policy) } : {}),
    },
  };
}

function closedAlertDelivery(policy: LoadedPolicy): {
  aggregateSeconds: number;
  channels: ('sns' | 'slack')[];
} {
  const delivery = deliveryFor(policy.policy);
  return { aggregateSeconds: delivery.aggregateSeconds, channels: [...delivery.channels] };
}

/** What stage 2 found: how new retries are parked, and the records whose BREAKER_OPEN could not go out. */
export interface BreakerCounts {
  /** Per breaker scope, how new retries are parked (while it is open, or half-open). */
  readonly parking: ReadonlyMap<string, Parking>;
  /**
   * The record whose count opened a breaker, when its BREAKER_OPEN alert could not be published: the
   * record fails, so SQS delivers it again and the redelivery raises the alert (reraiseLostOpenings).
   */
  readonly unalerted: ReadonlyMap<Decided, Error>;
}

/**
 * Stage 2: counts the batch's newly recorded failures on their breakers, one write per queue, class
 * and window (never per record, and never for a redelivered decision, which was counted when first
 * recorded). A probe that failed the same way opens its breaker again. Raises BREAKER_OPEN for a
 * breaker this batch opened, and again for a redelivered decision whose first delivery opened one.
 * The breaker is a heuristic: when counting fails, the failures go uncounted and the decisions are
 * still carried out; an opening's alert is not lost that way (see {@link BreakerCounts.unalerted}).
 */
export async function countOnBreakers(batch: readonly Decided[], deps: DecideDeps): Promise<BreakerCounts> {
  const now = deps.clock.now();
  const groups = new Map<string, Group>();
  for (const decided of batch) {
    const policy = decided.policy;
    if (decided.duplicate || decided.decision.orphan === true || policy === undefined) continue;
    const { enabled, ...settings } = policy.policy.breaker;
    if (!enabled) continue;
    const key = `${breakerScope({ jobQueue: decided.job.jobQueue, failureClass: decided.decision.failureClass })}|${JSON.stringify(settings)}`;
    const group: Group = groups.get(key) ?? { first: decided, policy, settings, times: [] };
    group.times.push(failureTime(decided, now));
    const probe = lineageRefOf(decided.job)?.probe;
    if (probe !== undefined) group.probe ??= { job: decided.job, openedAt: probe };
    groups.set(key, group);
  }
  const parking = new Map<string, Parking>();
  const unalerted = new Map<Decided, Error>();
  await reraiseLostOpenings(batch, deps, now, unalerted);
  for (const group of groups.values()) {
    const { first, policy, settings, times } = group;
    const key = { jobQueue: first.job.jobQueue, failureClass: first.decision.failureClass };
    let counted: Awaited<ReturnType<DecideDeps['breaker']['recordFailures']>>;
    try {
      const reopened = await reopenOnProbeFailure(group, key, deps, now);
      counted = await deps.breaker.recordFailures(key, times, settings, now);
      const until = reopened ?? counted.parkUntil;
      if (until !== undefined) parking.set(breakerScope(key), parkingFor(key, until, group));
    } catch (error) {
      deps.log.warn('could not count failures on the breaker; the decisions go ahead uncounted', {
        ...key,
        failures: times.length,
        error: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    if (!counted.opened || counted.openUntil === undefined) continue;
    deps.log.warn('breaker opened', {
      ...key,
      failures: counted.count,
      openUntil: new Date(counted.openUntil).toISOString(),
    });
    const alert = breakerOpenAlert({
      job: first.job,
      failureClass: key.failureClass,
      count: counted.count,
      settings,
      openUntil: counted.openUntil,
      policyName: policy.name,
      at: now,
    });
    await alertOrFail(policy, alert, first, deps, unalerted);
  }
  return { parking, unalerted };
}

/** Publishes a BREAKER_OPEN alert; when it cannot go out, its record is marked to fail (and be redelivered). */
async function alertOrFail(
  policy: LoadedPolicy,
  alert: Alert,
  record: Decided,
  deps: DecideDeps,
  unalerted: Map<Decided, Error>,
): Promise<void> {
  try {
    await alertUnder(policy.policy, alert, deps.alerts);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    deps.log.warn('could not publish BREAKER_OPEN; its record is delivered again to raise it', {
      jobId: record.job.jobId,
      error: failure.message,
    });
    unalerted.set(record, failure);
  }
}

/**
 * A redelivered decision is not counted again, so when the delivery that recorded it opened its
 * breaker and then died before the BREAKER_OPEN alert went out, nothing would raise it. For each
 * redelivered decision whose breaker is open and opened within {@link OPENED_WITH_DECISION_MS} of the
 * decision (so this failure's count probably opened it), the alert is raised again: at least once,
 * and the alert gate counts a copy of one already sent into its window's digest. One read of the
 * breaker per queue and class with such a decision; none for a batch without redeliveries.
 */
async function reraiseLostOpenings(
  batch: readonly Decided[],
  deps: DecideDeps,
  now: number,
  unalerted: Map<Decided, Error>,
): Promise<void> {
  // One read per queue and class; every redelivered decision of it is compared, one alert per scope.
  const openUntils = new Map<string, Promise<number | undefined>>();
  const raised = new Set<string>();
  for (const decided of batch) {
    const policy = decided.policy;
    if (!decided.duplicate || decided.decision.orphan === true || policy === undefined) continue;
    const { enabled, ...settings } = policy.policy.breaker;
    const key = { jobQueue: decided.job.jobQueue, failureClass: decided.decision.failureClass };
    const scope = breakerScope(key);
    if (!enabled || raised.has(scope)) continue;
    if (!openUntils.has(scope)) {
      openUntils.set(
        scope,
        deps.breaker.pausedUntil(key, now).catch((error: unknown) => {
          deps.log.warn('could not check whether a redelivered failure opened its breaker', {
            ...key,
            error: error instanceof Error ? error.message : String(error),
          });
          return undefined;
        }),
      );
    }
    const openUntil = await openUntils.get(scope);
    if (openUntil === undefined) continue;
    const openedAt = openUntil - settings.cooldownSeconds * 1000;
    if (Math.abs(openedAt - decided.decision.decidedAt) > OPENED_WITH_DECISION_MS) continue;
    raised.add(scope);
    const alert = breakerOpenAlert({
      job: decided.job,
      failureClass: key.failureClass,
      count: settings.threshold,
      settings,
      openUntil,
      policyName: policy.name,
      at: now,
    });
    await alertOrFail(policy, alert, decided, deps, unalerted);
  }
}

/**
 * Opens the breaker of `key` again when a failure of the group is a probe of its half-open phase
 * (the child carries the probe tag naming the opening it probed) that failed the same way. Returns
 * the new end of the cooldown when this call reopened it.
 */
async function reopenOnProbeFailure(
  group: Group,
  key: BreakerKey,
  deps: DecideDeps,
  now: number,
): Promise<number | undefined> {
  const probe = group.probe;
  if (probe === undefined) return undefined;
  const { cooldownSeconds } = group.settings;
  if (!(await deps.breaker.reopen(key, probe.openedAt, cooldownSeconds, now))) return undefined;
  const openUntil = now + cooldownSeconds * 1000;
  deps.log.warn('breaker opened again: a probe failed the same way', { ...key, probeJobId: probe.job.jobId });
  await alertUnder(
    group.policy.policy,
    breakerOpenAlert({
      job: probe.job,
      failureClass: key.failureClass,
      count: group.times.length,
      settings: group.settings,
      openUntil,
      policyName: group.policy.name,
      reopened: true,
      at: now,
    }),
    deps.alerts,
  );
  return openUntil;
}
