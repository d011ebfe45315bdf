import { describe, expect, it } from 'vitest';
import { nodeShutdown } from '#core/classify/rules/node-shutdown.js';
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

  // kubelet graceful node shutdown: pod reason "Terminated" (message "Pod was terminated in response
  // to imminent node shutdown."); older kubelets: reason "Shutdown", message "Node is shutting,
  // evicting pods". Node-pressure evictions other than memory or ephemeral storage.
  it.each([
    'Terminated',
    'Shutdown',
    'Node is shutting, evicting pods',
    'The node was low on resource: pids.',
  ])('gives infrastructure for the EKS attempt reason "%s"', (reason) => {
    expect(nodeShutdown.evaluate(ruleInput({ statusReason: reason }, { platform: 'EKS' }))).toMatchObject({
      kind: 'match',
      class: 'infrastructure',
      evidence: { field: 'attempt.statusReason', text: reason },
    });
  });

  it('reads a bare "Terminated" as a node shutdown only on EKS', () => {
    expect(nodeShutdown.evaluate(ruleInput({ statusReason: 'Terminated', exitCode: 143 }))).toEqual({
      kind: 'no-match',
    });
  });

  it('does not take an operator text about preemption for the Kubernetes reason', () => {
    const reason = 'Preempted by the release pipeline';
    const input = ruleInput(
      { statusReason: reason, exitCode: 143 },
      { statusReason: reason, platform: 'EKS' },
    );
    expect(nodeShutdown.evaluate(input)).toEqual({ kind: 'not-applicable' });
  });

  it('does not match a container that exited with an error', () => {
    expect(
      nodeShutdown.evaluate(ruleInput({ containerReason: 'Error', exitCode: 1 }, { platform: 'EKS' })),
    ).toEqual({
      kind: 'no-match',
    });
  });
});
