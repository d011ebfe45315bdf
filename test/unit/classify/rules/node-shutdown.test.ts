import { describe, expect, it } from 'vitest';
import { nodeShutdown } from '../../../../shared/classify/rules/node-shutdown.js';
import { ruleInput } from '../rule-input.js';

describe('nodeShutdown', () => {
  it.each([
    ['attempt.statusReason', 'Pod was terminated in response to imminent node shutdown.'],
    ['container.reason', 'NodeShutdown'],
    ['container.reason', 'ContainerStatusUnknown'],
    ['attempt.statusReason', 'Pod The node had condition: [DiskPressure]. '],
    ['container.reason', 'Evicted'],
  ] as const)('gives infrastructure for the EKS %s "%s"', (field, reason) => {
    const attempt = field === 'container.reason' ? { containerReason: reason } : { statusReason: reason };
    expect(nodeShutdown.evaluate(ruleInput(attempt, { platform: 'EKS' }))).toMatchObject({
      kind: 'match',
      class: 'infrastructure',
      evidence: { field, text: reason },
    });
  });

  it('does not match a container that exited with an error', () => {
    expect(
      nodeShutdown.evaluate(ruleInput({ containerReason: 'Error', exitCode: 1 }, { platform: 'EKS' })),
    ).toEqual({
      kind: 'no-match',
    });
  });
});
