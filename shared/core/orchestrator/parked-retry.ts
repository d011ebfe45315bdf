import { breakerClosedAlert } from '../alerts/breaker-alerts.js';
import { probePlan } from '../breaker/half-open.js';
import { MAX_QUEUE_DELAY_SECONDS } from '../ports/delay-queue.js';
import type { ResubmitDeps } from './resubmit-deps.js';
import type { RetryMessage } from './retry-message.js';

type ParkedMessage = Extract<RetryMessage, { v: 2 }> & {
  readonly parkedBy: NonNullable<Extract<RetryMessage, { v: 2 }>['parkedBy']>;
};

/** What a parked retry does when it wakes: go (perhaps as a probe), or park again. */
export type Admitted =
  | { readonly outcome: 'go'; readonly probe?: number }
  | { readonly outcome: 'parked'; readonly delaySeconds: number; readonly until: number };

/** Longest random spread added to a re-parked retry's wake, so parked retries do not wake in one second. */
const MAX_WAKE_SPREAD_MS = 30_000;

/** True for a retry message a breaker parked (and that knows which breaker). */
export function isParked(message: RetryMessage): message is ParkedMessage {
  return message.v === 2 && message.parkedBy !== undefined;
}

/**
 * Asks the breaker that parked `message` whether it may go now: while the breaker is open, or its
 * probes are out, the retry parks again (with a little jitter); after the cooldown the first few go
 * as probes; once the probes' window passes with none failing the same way, the breaker closes (one
 * BREAKER_CLOSED alert, when the policy wants it) and each parked retry is released at a random
 * moment within the release window, so the backlog reaches Batch spread out.
 */
export async function admitParked(
  message: ParkedMessage,
  now: number,
  deps: ResubmitDeps,
): Promise<Admitted> {
  const { parkedBy } = message;
  const key = { jobQueue: parkedBy.jobQueue, failureClass: parkedBy.failureClass };
  const plan = probePlan(parkedBy.cooldownSeconds);
  const admission = await deps.breaker.admit(key, now, plan);
  const spread = Math.min(MAX_WAKE_SPREAD_MS, (plan.probeSeconds * 1000) / 10);
  switch (admission.kind) {
    case 'open':
    case 'wait':
      return park(message, admission.until + Math.floor(deps.random.next() * spread), now, deps, true);
    case 'probe':
      deps.log.info('a parked retry goes first, as a probe of the breaker', { ...message, ...key });
      return { outcome: 'go', probe: admission.openedAt };
    case 'closed-now': {
      deps.log.info('breaker closed: its probes did not fail the same way', { ...key });
      if (parkedBy.closedAlert !== undefined) {
        await deps.alerts.publish({
          ...breakerClosedAlert({
            jobQueue: parkedBy.jobQueue,
            failureClass: parkedBy.failureClass,
            openedAt: admission.openedAt,
            releaseSeconds: plan.releaseSeconds,
            at: now,
          }),
          delivery: parkedBy.closedAlert,
        });
      }
      return release(message, admission.closedAt, plan.releaseSeconds, now, deps);
    }
    case 'closed':
      return admission.closedAt === undefined
        ? { outcome: 'go' }
        : release(message, admission.closedAt, plan.releaseSeconds, now, deps);
  }
}

/** A retry released when its breaker closed at `closedAt` goes at a random moment of the release window. */
async function release(
  message: ParkedMessage,
  closedAt: number,
  releaseSeconds: number,
  now: number,
  deps: ResubmitDeps,
): Promise<Admitted> {
  const at = closedAt + Math.floor(deps.random.next() * releaseSeconds * 1000);
  return at > now + 1000 ? park(message, at, now, deps, false) : { outcome: 'go' };
}

/** Sends the message back to the queue until `until`; `stillParked: false` makes its next wake a plain go. */
async function park(
  message: ParkedMessage,
  until: number,
  now: number,
  deps: ResubmitDeps,
  stillParked: boolean,
): Promise<Admitted> {
  const { parkedBy, ...rest } = message;
  const next: RetryMessage = stillParked
    ? { ...message, parkedUntil: until }
    : { ...rest, parkedUntil: until };
  const delaySeconds = Math.min(Math.max(1, Math.ceil((until - now) / 1000)), MAX_QUEUE_DELAY_SECONDS);
  await deps.retries.send(next, delaySeconds);
  return { outcome: 'parked', delaySeconds, until };
}
