import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policySourceFromFiles } from '#cli/policy-files.js';
import { parseRetryStrategy, parseWorkload, runNative, runPolicy } from '#cli/sim/index.js';

const WORKLOADS = ['spot-heavy', 'spot-storm-night', 'registry-outage', 'genomics-fargate-spot'];
const NATIVES = ['attempts-3', 'blog-style'];

function json(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * The claim docs/simulator.md and the README make for examples/policies/recommended.json: on every
 * example workload it loses at most a tenth of the jobs that could have succeeded that either native
 * baseline loses. (The cost side of the claim is reported, not asserted: see docs/simulator.md.)
 */
describe('the recommended policy on the example workloads', () => {
  it.each(WORKLOADS)(
    'loses at most a tenth of the recoverable jobs native retries lose on %s',
    async (name) => {
      const workload = parseWorkload(json(`examples/workloads/${name}.json`), `${name}.json`);
      const policies = await policySourceFromFiles(['examples/policies/recommended.json']);

      const policy = await runPolicy(workload, { policies });

      expect(policy.ignoredFailures).toBe(0);
      for (const native of NATIVES) {
        const retryStrategy = parseRetryStrategy(json(`examples/native/${native}.json`), native);
        const baseline = await runNative(workload, { retryStrategy });
        expect(baseline.metrics.recoverableLost).toBeGreaterThan(0);
        expect(policy.metrics.recoverableLost).toBeLessThanOrEqual(baseline.metrics.recoverableLost / 10);
      }
    },
  );
});
