import { describe, expect, it } from 'vitest';
import { networkProvisioning } from '#core/classify/rules/network-provisioning.js';
import { ruleInput } from '../rule-input.js';

describe('networkProvisioning', () => {
  it.each([
    'Timeout waiting for network interface provisioning to complete.',
    'Timeout waiting for EphemeralStorage provisioning to complete.',
  ])('gives infrastructure for "%s"', (reason) => {
    const input = ruleInput({ statusReason: reason }, { statusReason: reason, platform: 'FARGATE' });
    expect(networkProvisioning.evaluate(input)).toMatchObject({ kind: 'match', class: 'infrastructure' });
  });

  it('does not match a network error of the program', () => {
    const input = ruleInput({ containerReason: 'connection refused', exitCode: 1 });
    expect(networkProvisioning.evaluate(input)).toEqual({ kind: 'no-match' });
  });
});
