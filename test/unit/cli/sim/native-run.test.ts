import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runNative } from '#cli/sim/native-run.js';
import { parseWorkload, type Workload } from '#cli/sim/workload.js';

const spotHeavy: Workload = parseWorkload(
  JSON.parse(
    readFileSync(new URL('../../../../examples/workloads/spot-heavy.json', import.meta.url), 'utf8'),
  ),
  'spot-heavy.json',
);

const small: Workload = { ...spotHeavy, jobs: 200 };

describe('runNative', () => {
  it('simulates the 2,000-job spot-heavy workload with native retries in well under two seconds', async () => {
    const started = performance.now();

    const { metrics } = await runNative(spotHeavy, { retryStrategy: { attempts: 3 } });

    const elapsed = performance.now() - started;
    expect(metrics.jobs).toBe(2000);
    expect(metrics.attempts).toBeGreaterThan(2000);
    expect(metrics.attempts).toBeLessThanOrEqual(6000);
    expect(elapsed).toBeLessThan(2000);
  });

  it('gives every job exactly one attempt when there is no retryStrategy', async () => {
    const { metrics, record } = await runNative(small);

    expect(metrics.attempts).toBe(200);
    expect(metrics.submissions).toBe(200);
    expect(record.jobs.every((j) => j.attempts.length === 1)).toBe(true);
  });

  it('retries on the same queue with the same resources, so out-of-memory jobs never recover', async () => {
    const { record } = await runNative(small, { retryStrategy: { attempts: 10 } });

    const oomJobs = record.jobs.filter((j) => j.attempts.some((a) => a.outcome === 'out-of-memory'));
    expect(oomJobs.length).toBeGreaterThan(0);
    for (const job of oomJobs) {
      expect(job.status).toBe('FAILED');
      expect(job.attempts).toHaveLength(10);
    }
    expect(new Set(record.jobs.map((j) => `${j.queueName}/${j.memoryMiB}`))).toEqual(
      new Set(['prod-spot/4096']),
    );
  });

  it('honours evaluateOnExit: exit 3 stops at once while Spot reclaims are retried', async () => {
    const { record } = await runNative(small, {
      retryStrategy: {
        attempts: 5,
        evaluateOnExit: [
          { onExitCode: '3', action: 'EXIT' },
          { onStatusReason: 'Host EC2*', action: 'RETRY' },
        ],
      },
    });

    const broken = record.jobs.filter((j) => j.attempts.some((a) => a.exitCode === 3));
    expect(broken.length).toBeGreaterThan(0);
    for (const job of broken) expect(job.attempts.at(-1)?.exitCode).toBe(3);
    expect(broken.every((j) => j.status === 'FAILED')).toBe(true);
  });

  it('reproduces the same metrics for the same seed, and different ones for another seed', async () => {
    const a = await runNative(small, { retryStrategy: { attempts: 3 }, seed: 7 });
    const b = await runNative(small, { retryStrategy: { attempts: 3 }, seed: 7 });
    const c = await runNative(small, { retryStrategy: { attempts: 3 }, seed: 8 });

    expect(b.metrics).toEqual(a.metrics);
    expect(c.metrics).not.toEqual(a.metrics);
  });

  it('succeeds more often with more native attempts, at the price of more wasted compute', async () => {
    const once = await runNative(small);
    const thrice = await runNative(small, { retryStrategy: { attempts: 3 } });

    expect(thrice.metrics.successRate).toBeGreaterThan(once.metrics.successRate);
    expect(thrice.metrics.wastedComputeHours).toBeGreaterThan(once.metrics.wastedComputeHours);
    expect(once.metrics.alerts).toBe(0);
  });
});
