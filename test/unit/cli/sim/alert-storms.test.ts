import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policySourceFromFiles } from '#cli/policy-files.js';
import { parseWorkload, runPolicy } from '#cli/sim/index.js';
import { DEFAULT_RESUBMITS_PER_SECOND } from '#cli/sim/orchestrated-run.js';

function workload(name: string, change: (w: Record<string, unknown>) => void = () => {}) {
  const raw = JSON.parse(readFileSync(`examples/workloads/${name}.json`, 'utf8')) as Record<string, unknown>;
  change(raw);
  return parseWorkload(raw, `${name}.json`);
}

/**
 * The alerting claims of docs/alerts.md, on the simulator with the real orchestrator, the real
 * aggregation and the real Slack rendering behind recording stand-ins.
 */
describe('alerts in a storm', () => {
  it('a registry outage under 2,000 jobs: 3 messages per channel, every job resubmitted after the outage, SubmitJob under the cap', async () => {
    // The example has 10,000 jobs (`batch-retry simulate --workload examples/workloads/registry-storm.json`); 2,000 keep the test quick.
    const storm = workload('registry-storm', (w) => {
      w.jobs = 2000;
    });
    const policies = await policySourceFromFiles(['examples/policies/recommended.json']);

    const run = await runPolicy(storm, { policies });

    const m = run.metrics;
    expect(m.succeeded).toBe(2000);
    expect(m.recoverableLost).toBe(0);
    expect(m.messages.sns).toBeLessThanOrEqual(3);
    expect(m.messages.slack).toBeLessThanOrEqual(3);
    expect(m.peakResubmitsPerSecond).toBeLessThanOrEqual(DEFAULT_RESUBMITS_PER_SECOND);
    // The half-open cycle: opened, probes failed while the registry was still down, opened again, then closed.
    expect(m.alertsByKind).toEqual({ BREAKER_OPEN: 2, BREAKER_CLOSED: 1 });
    expect(run.alertMessages.map((a) => a.title)).toEqual([
      expect.stringMatching(/^Retries paused on queue prod-spot: 50 middleware failures within 600 s$/),
      expect.stringMatching(
        /^Retries still paused on queue prod-spot: probes failed with middleware failures$/,
      ),
      expect.stringMatching(/^Retries resumed on queue prod-spot: middleware probes went through$/),
    ]);
  });

  it('spot-heavy under the production policy: at most 10 Slack messages for the whole run, every give-up counted in one', async () => {
    const policies = await policySourceFromFiles(['examples/policies/production.json']);

    const run = await runPolicy(workload('spot-heavy'), { policies });

    expect(run.metrics.messages.slack).toBeLessThanOrEqual(10);
    const alone = run.alertMessages.filter((a) => a.digest === undefined && a.kind === 'GAVE_UP').length;
    const inDigests = run.alertMessages.reduce((sum, a) => {
      const causes = a.digest?.causes?.filter((c) => c.kind === 'GAVE_UP') ?? [];
      if (a.kind === 'GAVE_UP' && a.digest !== undefined) return sum + a.digest.count;
      return sum + causes.reduce((n, c) => n + c.count, 0);
    }, 0);
    expect(alone + inDigests).toBe(run.metrics.alertsByKind.GAVE_UP);
  });
});
