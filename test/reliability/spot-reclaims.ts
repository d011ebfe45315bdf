import { clock, type Functions } from '../integration/functions/harness.js';
import { jobEvent, stoppedAt } from '../integration/functions/job-events.js';
import { auditRetries, type RetryAudit, successEvents } from './audit.js';
import type { AwsWorld } from './aws-world.js';
import type { QueueModel } from './queue-model.js';

/** Retries every Spot reclaim after a minute; the breaker is off so that a wave of 10,000 is not paused. */
export const SPOT_RETRY_POLICY = {
  schemaVersion: 1,
  name: 'spot',
  match: { queues: ['spot-queue'] },
  rules: [{ onClass: 'infrastructure', action: 'RETRY' }],
  defaultAction: 'EXIT',
  backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
  breaker: { enabled: false },
};

/** `count` Spot reclaims on spot-queue, each its own job (own id and name). */
export function spotReclaims(count: number): { roots: string[]; events: unknown[] } {
  const roots: string[] = [];
  const events = Array.from({ length: count }, (_, i) => {
    const jobId = `d0000000-0000-4000-8000-${i.toString().padStart(12, '0')}`;
    roots.push(jobId);
    return jobEvent('ec2-spot-host-terminated', { jobId, jobName: `job-${i}`, jobQueue: 'spot-queue' });
  });
  return { roots, events };
}

/**
 * Puts `count` Spot reclaims on the events queue and delivers until the queues are empty, then every
 * child's SUCCEEDED event, and audits the ledger and Batch. `drained` is false when deliveries were
 * still pending after the queue model's last round.
 */
export async function retryAndRecover(
  functions: Functions,
  world: AwsWorld,
  queues: QueueModel,
  count: number,
): Promise<{ audit: RetryAudit; drained: boolean }> {
  const { roots, events } = spotReclaims(count);
  clock.set(stoppedAt(jobEvent('ec2-spot-host-terminated')) + 5_000);
  for (const event of events) queues.putEvent(event);
  const failed = await queues.drain();
  for (const success of successEvents(world.created, clock.now())) queues.putEvent(success, 1);
  const succeeded = await queues.drain();
  return { audit: await auditRetries(functions, roots, world.created), drained: failed && succeeded };
}
