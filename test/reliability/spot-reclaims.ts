import { jobEvent } from '../integration/functions/job-events.js';

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
