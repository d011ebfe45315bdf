import { retriesPausedAlert, retriesResumedAlert } from '../alerts/pause-alerts.js';
import { breakerQueueName } from '../breaker/breaker-scope.js';
import type { FailureClass } from '../classify/classes.js';
import type { AlertPort } from '../ports/alert.js';
import type { Clock } from '../ports/clock.js';
import type { PauseStore, RetryPause } from '../ports/pauses.js';
import { boundedReason, type Requester, utc } from './operator-deps.js';
import { OperatorRefusal } from './operator-refusal.js';

export interface PauseDeps {
  readonly pauses: PauseStore;
  readonly alerts: AlertPort;
  readonly clock: Clock;
}

export interface PauseRequest extends Requester {
  /** A job queue name or ARN. */
  readonly jobQueue: string;
  /** Only retries of failures of this class; absent: every class. */
  readonly failureClass?: FailureClass;
  /** Epoch ms when the pause ends by itself; absent: until `resume`. */
  readonly until?: number;
}

/** What happened, and why the alert could not be published (the pause or resume stands). */
export interface PauseDone {
  readonly pause: RetryPause;
  readonly notAlerted?: Error;
}

function what(jobQueue: string, failureClass: FailureClass | undefined): string {
  return `queue ${breakerQueueName(jobQueue)}${failureClass === undefined ? '' : ` (${failureClass} failures)`}`;
}

/** The pause in one sentence, for the confirmation prompt. */
export function describePause(request: PauseRequest): string {
  const until = request.until === undefined ? 'until resumed' : `until ${utc(request.until)}`;
  return `hold every retry batch-retry would submit to ${what(request.jobQueue, request.failureClass)}, ${until}`;
}

async function alerted(
  deps: PauseDeps,
  alert: Parameters<AlertPort['publish']>[0],
): Promise<Error | undefined> {
  try {
    await deps.alerts.publish(alert);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * `batch-retry pause`: holds the retries to a queue (and class) by hand, as an open breaker would:
 * failures are still decided and recorded, and the resubmit function keeps due retries waiting until
 * the pause ends. Refuses a second pause of the same queue and class (naming who set the first). A
 * RETRIES_PAUSED alert says who, why and until when.
 */
export async function pauseRetries(request: PauseRequest, deps: PauseDeps): Promise<PauseDone> {
  const at = deps.clock.now();
  if (request.until !== undefined && request.until <= at) {
    throw new OperatorRefusal(
      `the pause would end at ${utc(request.until)}, which has passed: give a later time`,
    );
  }
  const result = await deps.pauses.pause({
    jobQueue: breakerQueueName(request.jobQueue),
    ...(request.failureClass === undefined ? {} : { failureClass: request.failureClass }),
    ...(request.until === undefined ? {} : { until: request.until }),
    by: request.by,
    at,
    reason: boundedReason(request.reason),
  });
  if (result.outcome === 'already') {
    const { pause } = result;
    const until = pause.until === undefined ? 'until resumed' : `until ${utc(pause.until)}`;
    throw new OperatorRefusal(
      `${what(request.jobQueue, request.failureClass)} is already paused by ${pause.by} since ${utc(pause.at)}, ${until} ` +
        `(${pause.reason}): nothing was changed`,
    );
  }
  const notAlerted = await alerted(deps, retriesPausedAlert(result.pause));
  return { pause: result.pause, ...(notAlerted === undefined ? {} : { notAlerted }) };
}

/**
 * `batch-retry resume`: ends the pause of a queue (and class); held retries go out at their next look
 * (within 5 minutes). Refuses when no such pause is in force. A RETRIES_RESUMED alert says who.
 */
export async function resumeRetries(
  request: Omit<PauseRequest, 'until' | 'reason'>,
  deps: PauseDeps,
): Promise<PauseDone> {
  const at = deps.clock.now();
  const key = {
    jobQueue: breakerQueueName(request.jobQueue),
    ...(request.failureClass === undefined ? {} : { failureClass: request.failureClass }),
  };
  const result = await deps.pauses.resume(key, at);
  if (result.outcome === 'not-paused') {
    throw new OperatorRefusal(
      `${what(request.jobQueue, request.failureClass)} is not paused (a pause of the whole queue and one of a ` +
        'single class are separate; `--class` names the latter): nothing was changed',
    );
  }
  const notAlerted = await alerted(deps, retriesResumedAlert(result.pause, request.by, at));
  return { pause: result.pause, ...(notAlerted === undefined ? {} : { notAlerted }) };
}
