import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '#cli/policy-files.js';
import { policyJsonSchema } from '#core/policy/json-schema.js';
import { matchRule } from '#core/policy/rules.js';
import type { Policy } from '#core/policy/schema.js';

const examplesDir = fileURLToPath(new URL('../../../examples/policies/', import.meta.url));
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

async function example(name: string): Promise<Policy> {
  const result = await loadPolicyFile(`${examplesDir}${name}.json`);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.policy;
}

describe('example policies', () => {
  it.each(examples)('%s validates', async (file) => {
    const result = await loadPolicyFile(`${examplesDir}${file}`);

    expect(result.ok ? [] : result).toEqual([]);
  });

  it('include the walkthrough scenarios and the production policy', () => {
    expect(examples).toEqual(
      expect.arrayContaining([
        'spot-reclaim.json',
        'random-exit-codes.json',
        'image-pull-fatal.json',
        'production.json',
        'recommended.json',
      ]),
    );
  });

  it('spot-reclaim retries a reclaim up to 5 times and gives up on anything else', async () => {
    const policy = await example('spot-reclaim');

    expect(
      matchRule(policy, {
        statusReason: 'Host EC2 (instance i-0abc) terminated.',
        failureClass: 'infrastructure',
      }).action,
    ).toBe('RETRY');
    expect(matchRule(policy, { exitCode: 1, failureClass: 'application' }).action).toBe('EXIT');
    expect(policy.budgets.perClass.infrastructure).toBe(5);
  });

  it('random-exit-codes retries 1 and 2, stops on 3, within 10 attempts', async () => {
    const policy = await example('random-exit-codes');
    const action = (exitCode: number) => matchRule(policy, { exitCode, failureClass: 'application' }).action;

    expect([1, 2, 3].map(action)).toEqual(['RETRY', 'RETRY', 'EXIT']);
    expect(policy.budgets.total).toBe(10);
  });

  it('image-pull-fatal gives up at once on a pull failure', async () => {
    const policy = await example('image-pull-fatal');

    const match = matchRule(policy, {
      containerReason: 'CannotPullContainerError: Error response from daemon: manifest unknown',
      failureClass: 'middleware',
    });

    expect(match.action).toBe('EXIT');
  });

  it('recommended gives up on what no retry fixes and retries what passes, by cause', async () => {
    const policy = await example('recommended');
    const action = (
      cause: Parameters<typeof matchRule>[1]['cause'],
      failureClass: Parameters<typeof matchRule>[1]['failureClass'],
    ) => matchRule(policy, { failureClass, ...(cause === undefined ? {} : { cause }) }).action;

    expect(action('image-not-found', 'middleware')).toBe('EXIT');
    expect(action('registry-auth-denied', 'middleware')).toBe('EXIT');
    expect(action('registry-throttled', 'middleware')).toBe('RETRY');
    expect(action('network-timeout', 'middleware')).toBe('RETRY');
    expect(action('host-disk-full', 'middleware')).toBe('RETRY');
    expect(action('spot-reclaim', 'infrastructure')).toBe('RETRY');
    expect(action('out-of-memory', 'resource')).toBe('RETRY');
    expect(action('exit-code', 'application')).toBe('EXIT');
    expect(action('operator-cancel', 'cancelled')).toBe('EXIT');
    expect(policy.fallback?.infrastructure.ladder).toEqual([{ afterFailures: 6, jobQueue: 'prod-ondemand' }]);
  });

  it('production keeps a separate Spot budget, falls back to on-demand after 2 reclaims and doubles memory to 64 GiB', async () => {
    const policy = await example('production');

    expect(policy.budgets.perClass.infrastructure).toBeGreaterThan(policy.budgets.perClass.application ?? 0);
    expect(policy.backoff).toMatchObject({ strategy: 'exponential', jitter: 'full' });
    expect(policy.fallback?.infrastructure.ladder[0]).toEqual({
      afterFailures: 2,
      jobQueue: 'prod-ondemand',
    });
    expect(policy.escalate).toMatchObject({ memoryFactor: 2, maxMemoryMiB: 65_536 });
    expect(policy.alerts).toMatchObject({ on: expect.arrayContaining(['GAVE_UP']), channels: ['slack'] });
  });
});

describe('schema/policy.schema.json', () => {
  it('is up to date with the zod schema (regenerate: batch-retry policy schema > schema/policy.schema.json)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../schema/policy.schema.json', import.meta.url), 'utf8'),
    );

    expect(committed).toEqual(policyJsonSchema());
  });
});
