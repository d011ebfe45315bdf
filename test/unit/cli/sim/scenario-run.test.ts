import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InMemoryPolicySource } from '#adapters/memory/in-memory-policy-source.js';
import { policySourceFromFiles } from '#cli/policy-files.js';
import { parseScenario, type Scenario } from '#cli/sim/scenario.js';
import { scenarioOutcomes } from '#cli/sim/scenario-outcomes.js';
import { runScenario } from '#cli/sim/scenario-run.js';
import type { SimulatedJob } from '#cli/sim/simulated-job.js';

function example(name: string): Scenario {
  const url = new URL(`../../../../examples/scenarios/${name}.json`, import.meta.url);
  return parseScenario(JSON.parse(readFileSync(url, 'utf8')), `${name}.json`);
}

function policy(name: string): Promise<InMemoryPolicySource> {
  return policySourceFromFiles([`examples/policies/${name}.json`]);
}

/** What the scenario's script says should happen under random-exit-codes.json (10 attempts, exit 3 fatal). */
function expectedRandomExit(
  scenario: Scenario,
  seed: number,
): { outcome: string; attempts: number; ending: 'exit 0' | 'exit 3' | 'budget' } {
  const model = scenarioOutcomes(scenario, seed);
  for (let attempt = 1; attempt <= 10; attempt++) {
    const fate = model({} as SimulatedJob, attempt, attempt, { startingAt: 0, runningAt: 30_000 });
    if (fate.kind === 'succeed') return { outcome: 'SUCCEEDED', attempts: attempt, ending: 'exit 0' };
    if (fate.kind === 'app-exit' && fate.exitCode === 3) {
      return { outcome: 'GAVE_UP', attempts: attempt, ending: 'exit 3' };
    }
  }
  return { outcome: 'GAVE_UP', attempts: 10, ending: 'budget' };
}

describe('runScenario with the real orchestrator attached', () => {
  it('recovers the Spot reclaim with one resubmission after the policy delay', async () => {
    const report = await runScenario(example('spot-reclaim'), { policies: await policy('spot-reclaim') });

    expect(report).toMatchObject({ outcome: 'SUCCEEDED', attempts: 2, submissions: 1, alerts: 0 });
    expect(report.policy).toBe('spot-reclaim');
    expect(report.timeline.map((e) => [e.status, e.class, e.decision, e.delaySeconds])).toEqual([
      ['SUBMITTED', undefined, undefined, undefined],
      ['FAILED', 'infrastructure', 'RETRY', 60],
      ['SUBMITTED', undefined, undefined, undefined],
      ['SUCCEEDED', undefined, 'RECOVERED', undefined],
    ]);
    const [, failed, child] = report.timeline;
    expect((child?.elapsedSeconds ?? 0) - (failed?.elapsedSeconds ?? 0)).toBe(60);
    expect(failed?.detail).toMatch(/^Host EC2 \(instance i-[0-9a-f]{17}\) terminated\.$/);
  });

  it('reports a job no policy governs as unmanaged, its failure standing', async () => {
    const report = await runScenario(example('spot-reclaim'), { policies: await policy('image-pull-fatal') });

    expect(report).toMatchObject({ managed: false, outcome: 'GAVE_UP', attempts: 1, submissions: 0 });
    expect(report.policy).toBeUndefined();
  });

  it('reports a job its policy governs as managed, also when it succeeds at once and no lineage opens', async () => {
    const scenario = {
      ...structuredClone(example('spot-reclaim')),
      attempts: [{ outcome: 'succeed' as const }],
    };

    const report = await runScenario(scenario, { policies: await policy('spot-reclaim') });

    expect(report).toMatchObject({ managed: true, outcome: 'SUCCEEDED', attempts: 1, submissions: 0 });
    expect(report.policy).toBeUndefined();
  });

  it('gives up on the image that cannot be pulled at once, with no resubmission and one alert', async () => {
    const report = await runScenario(example('image-pull-failure'), {
      policies: await policy('image-pull-fatal'),
    });

    expect(report).toMatchObject({ outcome: 'GAVE_UP', attempts: 1, submissions: 0, alerts: 1 });
    expect(report.timeline.at(-1)).toMatchObject({ status: 'FAILED', class: 'middleware', decision: 'EXIT' });
    expect(report.alertTexts[0]).toMatch(/^Gave up on Batch job report-builder/);
  });

  it('plays the example random exit codes (seed 3 draws 1, 1, then 0) to success', async () => {
    const report = await runScenario(example('random-exit-codes'), {
      policies: await policy('random-exit-codes'),
    });

    expect(report).toMatchObject({ outcome: 'SUCCEEDED', attempts: 3, submissions: 2, alerts: 0, seed: 3 });
  });

  it('gives up exactly when exit 3 occurs or 10 attempts run out, and succeeds on exit 0, seed after seed', async () => {
    const scenario = example('random-exit-codes');
    const policies = await policy('random-exit-codes');
    const endings = new Set<string>();
    // Ten retryable codes in a row are rare (1 in 1,024): add the first seed whose script does that.
    const exhausting = Array.from({ length: 10_000 }, (_, i) => i + 1).find(
      (seed) => expectedRandomExit(scenario, seed).ending === 'budget',
    );
    const seeds = [...Array.from({ length: 30 }, (_, i) => i + 1), exhausting ?? 0];

    for (const seed of seeds) {
      const report = await runScenario(scenario, { policies, seed });

      const { ending, ...expected } = expectedRandomExit(scenario, seed);
      expect({ seed, outcome: report.outcome, attempts: report.attempts }).toEqual({ seed, ...expected });
      expect(report.submissions).toBe(expected.attempts - 1);
      expect(report.alerts).toBe(expected.outcome === 'GAVE_UP' ? 1 : 0);
      endings.add(ending);
    }
    expect(endings).toEqual(new Set(['exit 0', 'exit 3', 'budget']));
  });

  it('gives the same report for the same seed, to the last character', async () => {
    const scenario = example('random-exit-codes');
    const policies = await policy('random-exit-codes');

    const first = JSON.stringify(await runScenario(scenario, { policies, seed: 11 }));
    const second = JSON.stringify(await runScenario(scenario, { policies, seed: 11 }));

    expect(second).toBe(first);
  });

  it('shows the retries Batch makes under its own retryStrategy as NATIVE_RETRY rows', async () => {
    const base = example('spot-reclaim');
    const scenario: Scenario = { ...base, job: { ...base.job, retryStrategy: { attempts: 2 } } };

    const report = await runScenario(scenario, { policies: await policy('spot-reclaim') });

    expect(report).toMatchObject({ outcome: 'SUCCEEDED', attempts: 2, submissions: 0 });
    expect(report.timeline.map((e) => [e.status, e.decision])).toEqual([
      ['SUBMITTED', undefined],
      ['RUNNABLE', 'NATIVE_RETRY'],
      ['SUCCEEDED', undefined],
    ]);
  });

  it('marks a failure IGNORE when no policy governs the job, and the failure stands', async () => {
    const report = await runScenario(example('spot-reclaim'), { policies: await policy('image-pull-fatal') });

    expect(report).toMatchObject({ outcome: 'GAVE_UP', attempts: 1, submissions: 0, alerts: 0 });
    expect(report.policy).toBeUndefined();
    expect(report.timeline.at(-1)).toMatchObject({
      decision: 'IGNORE',
      reason: expect.stringMatching(/no policy/),
    });
  });
});

describe('runScenario under what the policy changed', () => {
  /** A scripted scenario (the last attempt repeats) on production.json's Spot queue, tagged as it matches. */
  function production(attempts: readonly unknown[]): Scenario {
    return parseScenario(
      {
        name: 'production-job',
        job: {
          jobName: 'render-0007',
          jobQueue: 'prod-spot',
          jobDefinition: 'render:3',
          memoryMiB: 4096,
          vcpus: 2,
          platform: 'EC2',
          tags: { env: 'production' },
        },
        attempts,
      },
      'production-job.json',
    );
  }

  it('submits the scenario job with its tags, so a policy matching on tags governs it', async () => {
    const tagged = production([{ outcome: 'spot-reclaim' }, { outcome: 'succeed' }]);
    const untagged: Scenario = { ...tagged, job: { ...tagged.job, tags: {} } };
    const policies = await policy('production');

    expect(await runScenario(tagged, { policies })).toMatchObject({ managed: true, policy: 'production' });
    expect(await runScenario(untagged, { policies })).toMatchObject({ managed: false, outcome: 'GAVE_UP' });
  });

  it('never reclaims a job the fallback moved off the scenario queue', async () => {
    const report = await runScenario(production([{ outcome: 'spot-reclaim' }]), {
      policies: await policy('production'),
    });

    // production.json moves a job to prod-ondemand after 2 infrastructure failures: the third
    // attempt runs there, where no Spot reclaim happens, although the script repeats it.
    expect(report).toMatchObject({ outcome: 'SUCCEEDED', attempts: 3, submissions: 2 });
    expect(report.timeline.filter((e) => e.status === 'FAILED')).toHaveLength(2);
  });

  it('stops the out-of-memory kills once the policy gave the job the memory it needs', async () => {
    const report = await runScenario(production([{ outcome: 'out-of-memory', fixedAtMemoryMiB: 16384 }]), {
      policies: await policy('production'),
    });

    // Doubled from 4096: 8192 still runs out, 16384 does not.
    expect(report).toMatchObject({ outcome: 'SUCCEEDED', attempts: 3, submissions: 2 });
  });
});
