import { breakerOpenAlert } from '../alerts/breaker-alerts.js';
import type { NormalisedJob } from '../events/types.js';
import type { DecisionRecord } from '../lineage/types.js';
import type { LoadedPolicy } from '../policy/select.js';
import type { AlertPort } from '../ports/alert.js';
import type { BreakerPort } from '../ports/breaker.js';
import type { LogPort } from '../ports/log.js';

/**
 * Counts a newly recorded failure on the breaker of its queue and class, and raises BREAKER_OPEN when
 * this failure opened it (once per opening, whatever the concurrency) and the policy alerts on it.
 * Call it only after the first recording of a decision, so a redelivered event is never counted
 * twice; a crash just before this call leaves that one failure uncounted, which a heuristic breaker
 * tolerates. Returns without counting when the policy's breaker is disabled.
 */
export async function countOnBreaker(
  job: NormalisedJob,
  record: DecisionRecord,
  policy: LoadedPolicy,
  deps: { readonly breaker: BreakerPort; readonly alerts: AlertPort; readonly log: LogPort },
): Promise<void> {
  const { enabled, ...settings } = policy.policy.breaker;
  if (!enabled) return;
  const at = record.decidedAt;
  const counted = await deps.breaker.recordFailure(
    { jobQueue: job.jobQueue, failureClass: record.failureClass },
    at,
    settings,
  );
  if (!counted.opened || counted.openUntil === undefined) return;
  deps.log.warn('breaker opened', {
    jobQueue: job.jobQueue,
    class: record.failureClass,
    failures: counted.count,
    windowSeconds: settings.windowSeconds,
    openUntil: new Date(counted.openUntil).toISOString(),
  });
  if (!policy.policy.alerts.on.includes('BREAKER_OPEN')) return;
  await deps.alerts.publish(
    breakerOpenAlert({
      job,
      failureClass: record.failureClass,
      count: counted.count,
      settings,
      openUntil: counted.openUntil,
      policyName: policy.name,
      at,
    }),
  );
}
