import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policySourceFromFiles } from '#cli/policy-files.js';
import { runNative } from '#cli/sim/native-run.js';
import { runPolicy } from '#cli/sim/policy-run.js';
import { parseWorkload, type Workload } from '#cli/sim/workload.js';

const spotHeavy: Workload = parseWorkload(
  JSON.parse(
    readFileSync(new URL('../../../../examples/workloads/spot-heavy.json', import.meta.url), 'utf8'),
  ),
  'spot-heavy.json',
);
const production = await policySourceFromFiles(['examples/policies/production.json']);

describe('runPolicy', () => {
  it('beats three native attempts on the 2,000-job spot-heavy workload under the production policy, in seconds', async () => {
    const started = performance.now();

    const native = await runNative(spotHeavy, { retryStrategy: { attempts: 3 } });
    const policy = await runPolicy(spotHeavy, { policies: production });

    const seconds = (performance.now() - started) / 1000;
    expect(policy.metrics.jobs).toBe(2000);
    expect(policy.metrics.successRate).toBeGreaterThan(native.metrics.successRate);
    expect(policy.ignoredFailures).toBe(0);
    expect(policy.handlerErrors).toBe(0);
    expect(seconds).toBeLessThan(8);
  });

  it('makes one attempt per Batch job: every retry is a policy resubmission', async () => {
    const { record, metrics } = await runPolicy({ ...spotHeavy, jobs: 200 }, { policies: production });

    expect(record.jobs.every((j) => j.retryStrategy === undefined && j.attempts.length === 1)).toBe(true);
    expect(metrics.submissions).toBe(metrics.attempts);
    expect(metrics.submissions).toBeGreaterThan(200);
  });

  it('moves Spot-reclaimed jobs to on-demand and gives out-of-memory jobs more memory, as production.json says', async () => {
    const { record } = await runPolicy({ ...spotHeavy, jobs: 200 }, { policies: production });

    const children = record.jobs.filter((j) => j.parentJobId !== undefined);
    expect(children.some((j) => j.queueName === 'prod-ondemand')).toBe(true);
    expect(children.some((j) => j.memoryMiB === 8192)).toBe(true);
    expect(
      record.jobs
        .filter((j) => j.memoryMiB === 8192)
        .every((j) => j.attempts[0]?.outcome !== 'out-of-memory'),
    ).toBe(true);
  });

  it('counts the failures of jobs no policy selects, which are left as they are', async () => {
    const untagged: Workload = {
      ...spotHeavy,
      jobs: 100,
      job: { ...spotHeavy.job, tags: { env: 'staging' } },
    };

    const { metrics, ignoredFailures } = await runPolicy(untagged, { policies: production });

    expect(ignoredFailures).toBe(metrics.gaveUp);
    expect(metrics.submissions).toBe(100);
  });

  it('gives the same metrics for the same seed', async () => {
    const small = { ...spotHeavy, jobs: 150 };

    const first = await runPolicy(small, { policies: production, seed: 9 });
    const second = await runPolicy(small, { policies: production, seed: 9 });

    expect(second.metrics).toEqual(first.metrics);
  });
});
