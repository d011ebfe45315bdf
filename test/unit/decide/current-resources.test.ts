import { describe, expect, it } from 'vitest';
import { currentResources } from '#core/decide/resources.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { classified, decideOn } from './decide-fixtures.js';

describe('currentResources of a multi-node job’s own event', () => {
  it('reads the container of the node range that holds the main node', () => {
    const job = jobFromFixture('multi-node-job-failed', (detail) => {
      const nodes = detail.nodeProperties as {
        mainNode: number;
        nodeRangeProperties: Record<string, unknown>[];
      };
      const range = nodes.nodeRangeProperties[0] as { container: Record<string, unknown> };
      nodes.mainNode = 1;
      nodes.nodeRangeProperties = [
        { targetNodes: '0:0', container: { ...range.container, resourceRequirements: [] } },
        { ...range, targetNodes: '1:' },
      ];
    });

    expect(currentResources(job)).toEqual({ vcpus: 16, memoryMiB: 65_536 });
  });

  it('lets an out-of-memory failure of the whole job escalate its main node range', () => {
    const input = classified('multi-node-job-failed', (detail) => {
      const attempt = (detail.attempts as { container: Record<string, unknown> }[])[0];
      if (attempt !== undefined) {
        attempt.container.exitCode = 137;
        attempt.container.reason = 'OutOfMemoryError: Container killed due to memory usage';
      }
    });
    const policy = loadedPolicy({ defaultAction: 'RETRY', escalate: { maxMemoryMiB: 262_144 } });

    const decision = decideOn(input, { policy });

    expect(input.classification.class).toBe('resource');
    expect(decision).toMatchObject({ action: 'RETRY', resources: { memoryMiB: 131_072, vcpus: 16 } });
  });
});
