import type { Alert } from '../ports/alert.js';
import type { RetryPause } from '../ports/pauses.js';
import { alertFingerprint } from './fingerprint.js';

function utc(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "queue q" or "class c on queue q". */
function scope(pause: RetryPause): string {
  return pause.failureClass === undefined
    ? `queue ${pause.jobQueue}`
    : `${pause.failureClass} failures on queue ${pause.jobQueue}`;
}

/** The alert for a pause a person set: retries to the queue are held until it ends. */
export function retriesPausedAlert(pause: RetryPause): Alert {
  const until =
    pause.until === undefined ? 'until someone runs `batch-retry resume`' : `until ${utc(pause.until)}`;
  const next =
    'Nothing, if the pause is meant; `batch-retry resume --queue ' +
    `${pause.jobQueue}${pause.failureClass === undefined ? '' : ` --class ${pause.failureClass}`}\` ends it early.`;
  return {
    kind: 'RETRIES_PAUSED',
    severity: 'warning',
    title: `Retries paused for ${scope(pause)} by ${pause.by}`,
    summary:
      `${pause.by} paused batch-retry's retries for ${scope(pause)} at ${utc(pause.at)}, ${until}: ${pause.reason}. ` +
      'Failures are still decided and recorded; retries due meanwhile wait and go out once the pause ends ' +
      `(unless their lineage passes its age limit). Next: ${next}`,
    next,
    decision: 'retries held by a person',
    fingerprint: alertFingerprint({
      kind: 'RETRIES_PAUSED',
      jobQueue: pause.jobQueue,
      failureClass: pause.failureClass,
    }),
    at: pause.at,
    jobQueue: pause.jobQueue,
    ...(pause.failureClass === undefined ? {} : { failureClass: pause.failureClass }),
    details: { by: pause.by, reason: pause.reason, until: pause.until ?? null },
  };
}

/** The alert for a pause a person ended: held retries go out within minutes. */
export function retriesResumedAlert(pause: RetryPause, by: string, at: number): Alert {
  return {
    kind: 'RETRIES_RESUMED',
    severity: 'info',
    title: `Retries resumed for ${scope(pause)} by ${by}`,
    summary:
      `${by} resumed batch-retry's retries for ${scope(pause)} at ${utc(at)} (paused by ${pause.by} at ` +
      `${utc(pause.at)}: ${pause.reason}). Held retries go out within about 5 minutes. Nothing to do.`,
    next: 'Nothing to do.',
    decision: 'held retries released',
    fingerprint: alertFingerprint({
      kind: 'RETRIES_RESUMED',
      jobQueue: pause.jobQueue,
      failureClass: pause.failureClass,
    }),
    at,
    jobQueue: pause.jobQueue,
    ...(pause.failureClass === undefined ? {} : { failureClass: pause.failureClass }),
    details: { by, pausedBy: pause.by, reason: pause.reason },
  };
}
