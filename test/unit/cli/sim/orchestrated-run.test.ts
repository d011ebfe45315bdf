import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InMemoryPolicySource } from '#adapters/memory/in-memory-policy-source.js';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { policySourceFromFiles } from '#cli/policy-files.js';
import {
  attachOrchestrator,
  DEFAULT_MAX_RECEIVES,
  DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
  type OrchestratorActivity,
} from '#cli/sim/orchestrated-run.js';
import { parseScenario } from '#cli/sim/scenario.js';
import { createScenarioSimulation } from '#cli/sim/scenario-simulation.js';
import { PolicyUnavailableError } from '#core/policy/errors.js';
import { parsePolicyDocument } from '#core/policy/parse-document.js';
import type { LoadedPolicy } from '#core/policy/select.js';
import type { PolicySource } from '#core/ports/policy-source.js';

const spot = parseScenario(
  JSON.parse(
    readFileSync(new URL('../../../../examples/scenarios/spot-reclaim.json', import.meta.url), 'utf8'),
  ),
  'spot-reclaim.json',
);
const spotPolicy = await policySourceFromFiles(['examples/policies/spot-reclaim.json']);

/** A policy store that is unreachable for the first `failures` loads, as SSM can be. */
function flakyPolicies(failures: number): PolicySource {
  let calls = 0;
  return {
    async load(): Promise<readonly LoadedPolicy[]> {
      calls++;
      if (calls <= failures) throw new PolicyUnavailableError('SSM is unreachable (simulated)');
      return spotPolicy.load();
    },
  };
}

async function play(policies: PolicySource) {
  const sim = createScenarioSimulation(spot);
  const seen: OrchestratorActivity[] = [];
  const orchestrator = attachOrchestrator(sim, {
    policies,
    random: new SeededRandom(1),
    observe: (a) => seen.push(a),
  });
  await sim.submit();
  const record = await sim.run();
  return { record, seen, orchestrator };
}

describe('attachOrchestrator', () => {
  it('parses and decides only FAILED and SUCCEEDED events, as the EventBridge rule forwards them', async () => {
    const { seen } = await play(spotPolicy);

    expect(seen.filter((a) => a.kind === 'decided').map((a) => [a.job.status, a.outcome.outcome])).toEqual([
      ['FAILED', 'retry-scheduled'],
      ['SUCCEEDED', 'recovered'],
    ]);
    expect(new Set(seen.flatMap((a) => (a.kind === 'transition' ? [a.status] : [])))).toEqual(
      new Set(['RUNNABLE', 'STARTING', 'RUNNING']),
    );
  });

  it('resubmits through handleRetryMessage with lineage tags, after the policy delay', async () => {
    const { record, seen, orchestrator } = await play(spotPolicy);

    const [failed, child] = record.jobs;
    expect(child?.tags).toMatchObject({
      'batch-retry:root-job-id': failed?.jobId,
      'batch-retry:parent-job-id': failed?.jobId,
      'batch-retry:attempt': '2',
      'batch-retry:policy': 'spot-reclaim',
    });
    expect((child?.createdAt ?? 0) - (failed?.stoppedAt ?? 0)).toBe(60_000);
    expect(seen.filter((a) => a.kind === 'resubmit').map((a) => a.outcome.outcome)).toEqual(['submitted']);
    expect((await orchestrator.ledger.getLineage(failed?.jobId ?? ''))?.status).toBe('RECOVERED');
  });

  it('redelivers an event whose handler threw after the visibility timeout, and counts the error', async () => {
    const { record, orchestrator, seen } = await play(flakyPolicies(1));

    expect(orchestrator.handlerErrors()).toBe(1);
    expect(orchestrator.deadLettered()).toBe(0);
    const [failed, child] = record.jobs;
    expect(child?.status).toBe('SUCCEEDED');
    expect((child?.createdAt ?? 0) - (failed?.stoppedAt ?? 0)).toBe(
      (DEFAULT_VISIBILITY_TIMEOUT_SECONDS + 60) * 1000,
    );
    expect(seen.find((a) => a.kind === 'handler-failed')).toMatchObject({
      handler: 'decide',
      receiveCount: 1,
      deadLettered: false,
    });
  });

  it('dead-letters a message after the receive limit instead of retrying it forever', async () => {
    const { record, orchestrator } = await play(flakyPolicies(Number.POSITIVE_INFINITY));

    expect(orchestrator.handlerErrors()).toBe(DEFAULT_MAX_RECEIVES);
    expect(orchestrator.deadLettered()).toBe(1);
    expect(record.jobs).toHaveLength(1);
  });

  it('chains retries-queue hops for a backoff longer than the 900 s SQS limit', async () => {
    const parsed = parsePolicyDocument(
      JSON.stringify({
        schemaVersion: 1,
        name: 'slow',
        match: { queues: ['spot-queue'] },
        rules: [{ onClass: 'infrastructure', action: 'RETRY' }],
        defaultAction: 'EXIT',
        budgets: { total: 3 },
        backoff: { strategy: 'fixed', baseSeconds: 2000, jitter: 'none' },
      }),
      'slow.json',
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const { record, seen, orchestrator } = await play(
      new InMemoryPolicySource([{ name: 'slow', version: 1, policy: parsed.policy }]),
    );

    const [failed, child] = record.jobs;
    expect((child?.createdAt ?? 0) - (failed?.stoppedAt ?? 0)).toBe(2_000_000);
    expect(seen.filter((a) => a.kind === 'resubmit').map((a) => a.outcome.outcome)).toEqual([
      'deferred',
      'deferred',
      'submitted',
    ]);
    expect(orchestrator.retries.sent).toBe(3);
  });
});
