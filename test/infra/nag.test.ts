import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { BatchRetryOrchestratorProps } from '#infra/index.js';
import { nagAcknowledgements } from '#infra/nag.js';
import { synthStack, TYPICAL_PROPS } from './stack.js';

/** An acknowledgement id as nag reports it for the test stack's concrete account and region. */
const concrete = (id: string) =>
  id
    .replaceAll('<AWS::Partition>', 'aws')
    .replaceAll('<AWS::Region>', 'eu-west-1')
    .replaceAll('<AWS::AccountId>', '123456789012');

describe('cdk-nag AwsSolutions', () => {
  it.each<[string, BatchRetryOrchestratorProps]>([
    ['a typical deployment', TYPICAL_PROPS],
    ['every queue watched', { allJobQueues: true }],
    [
      'named job definitions and another policy prefix',
      { jobQueues: ['q'], jobDefinitions: ['render', 'etl'], policyPrefix: '/teams/data/' },
    ],
  ])('finds only what the construct acknowledges, with a reason, for %s', (_, props) => {
    const { stack, construct } = synthStack(props);

    const found = new AwsSolutionsChecks(stack).validateScope(stack).violations.map((v) => v.ruleName);
    const acknowledged = nagAcknowledgements(construct.settings);

    expect([...new Set(found)].sort()).toEqual(acknowledged.map((a) => concrete(a.id)).sort());
    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(40);
  });
});
