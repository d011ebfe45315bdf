import {
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  type Parameter,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SsmPolicySource } from '#adapters/aws/ssm/policy-source.js';
import { CollectingAlerts } from '#adapters/memory/collecting-alerts.js';
import { PolicyUnavailableError } from '#core/policy/errors.js';

const ssm = mockClient(SSMClient);
const PREFIX = '/batch-retry/policies/';

const policyText = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ schemaVersion: 1, name, ...extra });

const parameter = (name: string, value: string, version: number): Parameter => ({
  Name: `${PREFIX}${name}`,
  Value: value,
  Version: version,
  Type: 'String',
});

function storeHolds(...parameters: Parameter[]): void {
  ssm.on(GetParametersByPathCommand).resolves({ Parameters: parameters });
}

const reads = () => ssm.commandCalls(GetParametersByPathCommand).length;
const advanceSeconds = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('SsmPolicySource', () => {
  let alerts: CollectingAlerts;
  let source: SsmPolicySource;

  beforeEach(() => {
    ssm.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-21T03:00:00Z'));
    alerts = new CollectingAlerts();
    source = new SsmPolicySource({ client: new SSMClient({}), alerts, maxAgeSeconds: 60 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads one policy per parameter and records the parameter version as the policy version', async () => {
    storeHolds(parameter('spot', policyText('spot'), 4), parameter('default', policyText('default'), 1));

    const policies = await source.load();

    expect(policies.map((p) => `${p.name}@${p.version}`)).toEqual(['default@1', 'spot@4']);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: '/batch-retry/policies' });
  });

  it('shares one read among ten records asking at once, on a cold start and after the cache period', async () => {
    storeHolds(parameter('spot', policyText('spot'), 1));

    const cold = await Promise.all(Array.from({ length: 10 }, () => source.load()));
    advanceSeconds(61);
    storeHolds(parameter('spot', policyText('spot'), 2));
    const warm = await Promise.all(Array.from({ length: 10 }, () => source.load()));

    expect(reads()).toBe(2);
    expect(cold.flat().map((p) => p.version)).toEqual(Array(10).fill(1));
    // The first caller after the cache period waits for the new read; the others are served the
    // policies in force until it returns.
    expect(warm.flat().map((p) => p.version)).toEqual([2, ...Array(9).fill(1)]);
    expect((await source.load()).map((p) => p.version)).toEqual([2]);
  });

  it('reads SSM once per cache TTL however often it is asked', async () => {
    storeHolds(parameter('spot', policyText('spot'), 1));

    for (let i = 0; i < 5; i++) await source.load();
    advanceSeconds(30);
    await source.load();
    expect(reads()).toBe(1);

    advanceSeconds(31);
    await source.load();
    expect(reads()).toBe(2);
  });

  it('reads an empty prefix once per cache TTL too', async () => {
    storeHolds();

    await source.load();
    await source.load();
    advanceSeconds(61);
    await source.load();

    expect(reads()).toBe(2);
  });

  it('picks up a new version after the TTL', async () => {
    storeHolds(parameter('spot', policyText('spot'), 1));
    await source.load();
    storeHolds(parameter('spot', policyText('spot', { budgets: { total: 7 } }), 2));

    advanceSeconds(61);
    const [policy] = await source.load();

    expect(policy?.version).toBe(2);
    expect(policy?.policy.budgets.total).toBe(7);
  });

  it('keeps the last known good policies when SSM is unavailable, and alerts once', async () => {
    storeHolds(parameter('spot', policyText('spot'), 3));
    await source.load();
    ssm.on(GetParametersByPathCommand).rejects(new Error('connect ETIMEDOUT ssm.us-east-1.amazonaws.com'));

    advanceSeconds(61);
    const policies = await source.load();
    await source.load();

    expect(policies.map((p) => `${p.name}@${p.version}`)).toEqual(['spot@3']);
    expect(reads()).toBe(2);
    expect(alerts.alerts).toHaveLength(1);
    expect(alerts.alerts[0]).toMatchObject({ kind: 'POLICY_INVALID', severity: 'critical' });
    expect(alerts.alerts[0]?.summary).toContain('connect ETIMEDOUT');
    expect(alerts.alerts[0]?.summary).toContain('these stay in force: spot v3');
  });

  it('fails transiently when SSM is unavailable before any policy was ever loaded', async () => {
    ssm.on(GetParametersByPathCommand).rejects(new Error('AccessDeniedException: not authorized'));

    const loading = source.load();

    await expect(loading).rejects.toBeInstanceOf(PolicyUnavailableError);
    await expect(loading).rejects.toMatchObject({ transient: true });
    expect(alerts.alerts[0]?.summary).toContain('no policy is in force yet');
  });

  it('keeps the last known good version when a new version is not JSON, and says which and why', async () => {
    storeHolds(parameter('spot', policyText('spot'), 3));
    await source.load();
    storeHolds(parameter('spot', '{ "schemaVersion": 1, ', 4));

    advanceSeconds(61);
    const [policy] = await source.load();

    expect(policy?.version).toBe(3);
    expect(alerts.alerts).toHaveLength(1);
    const [alert] = alerts.alerts;
    expect(alert?.title).toBe('Policy spot version 4 is invalid; version 3 stays in force');
    expect(alert?.summary).toContain(
      'SSM parameter /batch-retry/policies/spot version 4 was rejected: (document): is not valid JSON',
    );
    expect(alert).toMatchObject({ kind: 'POLICY_INVALID', severity: 'warning', policy: 'spot' });
  });

  it('keeps the last known good version when a new version breaks the schema', async () => {
    storeHolds(parameter('spot', policyText('spot'), 3));
    await source.load();
    storeHolds(parameter('spot', policyText('spot', { budgets: { total: 500 } }), 4));

    advanceSeconds(61);
    const [policy] = await source.load();
    advanceSeconds(61);
    await source.load();

    expect(policy?.version).toBe(3);
    expect(alerts.alerts).toHaveLength(1);
    expect(alerts.alerts[0]?.summary).toContain('budgets.total: is above the hard limit of 50 attempts');
  });

  it('on a cold start with an invalid current version, puts the newest valid version from the history in force', async () => {
    storeHolds(parameter('spot', policyText('spot', { rules: 'oops' }), 5));
    ssm.on(GetParameterHistoryCommand).resolves({
      Parameters: [
        { Name: `${PREFIX}spot`, Version: 3, Value: policyText('spot') },
        { Name: `${PREFIX}spot`, Version: 4, Value: policyText('spot', { budgets: { total: 4 } }) },
        { Name: `${PREFIX}spot`, Version: 5, Value: policyText('spot', { rules: 'oops' }) },
      ],
    });

    const [policy] = await source.load();

    expect(policy?.version).toBe(4);
    expect(alerts.alerts[0]?.title).toBe('Policy spot version 5 is invalid; version 4 stays in force');
  });

  it('takes a policy with no valid version out of force and raises a critical alert', async () => {
    storeHolds(parameter('spot', 'not json', 1), parameter('default', policyText('default'), 2));
    ssm.on(GetParameterHistoryCommand).resolves({ Parameters: [{ Version: 1, Value: 'not json' }] });

    const policies = await source.load();

    expect(policies.map((p) => p.name)).toEqual(['default']);
    expect(alerts.alerts[0]).toMatchObject({
      severity: 'critical',
      title: 'Policy spot version 1 is invalid; policy not in force',
    });
    expect(alerts.alerts[0]?.summary).toContain('No earlier valid version exists');
  });

  it('rejects a document whose name differs from its parameter name', async () => {
    storeHolds(parameter('spot', policyText('other'), 1));
    ssm.on(GetParameterHistoryCommand).resolves({ Parameters: [] });

    expect(await source.load()).toEqual([]);
    expect(alerts.alerts[0]?.summary).toContain('name: is "other" but the parameter is named "spot"');
  });

  it('takes a deleted parameter out of force', async () => {
    storeHolds(parameter('spot', policyText('spot'), 1), parameter('default', policyText('default'), 1));
    await source.load();
    storeHolds(parameter('default', policyText('default'), 1));

    advanceSeconds(61);

    expect((await source.load()).map((p) => p.name)).toEqual(['default']);
    expect(alerts.alerts).toEqual([]);
  });

  it('does not fail to load when the alert channel fails, and retries the alert next time', async () => {
    storeHolds(parameter('spot', policyText('spot'), 1));
    await source.load();
    storeHolds(parameter('spot', 'broken', 2));
    const publish = vi.spyOn(alerts, 'publish').mockRejectedValueOnce(new Error('SNS throttled'));

    advanceSeconds(61);
    const [policy] = await source.load();
    advanceSeconds(61);
    await source.load();

    expect(policy?.version).toBe(1);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(alerts.alerts).toHaveLength(1);
  });
});
