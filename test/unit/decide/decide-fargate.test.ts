import { describe, expect, it } from 'vitest';
import type { Decision } from '#core/decide/decide.js';
import { FARGATE_SIZES } from '#core/decide/fargate-sizes.js';
import type { PolicyDocument } from '#core/policy/schema.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { type ClassifiedJob, classified, decideOn } from './decide-fixtures.js';

const OOM = 'OutOfMemoryError: Container killed due to memory usage';

/** application-exit-2 (a Fargate job) killed for memory, with the given vCPUs and memory. */
function fargateOom(vcpus: string, memoryMiB: string): ClassifiedJob {
  return classified('application-exit-2', (detail) => {
    const container = detail.container as Record<string, unknown>;
    container.resourceRequirements = [
      { type: 'VCPU', value: vcpus },
      { type: 'MEMORY', value: memoryMiB },
    ];
    container.exitCode = 137;
    container.reason = OOM;
    const attempt = (detail.attempts as { container: Record<string, unknown> }[])[0];
    if (attempt !== undefined) {
      attempt.container.exitCode = 137;
      attempt.container.reason = OOM;
    }
  });
}

const escalating = (escalate: PolicyDocument['escalate']) =>
  loadedPolicy({ defaultAction: 'RETRY', ...(escalate === undefined ? {} : { escalate }) });

function resourcesOf(decision: Decision): unknown {
  if (decision.action !== 'RETRY') throw new Error(`expected RETRY, got ${JSON.stringify(decision)}`);
  return decision.resources;
}

function exitReason(decision: Decision): string {
  if (decision.action !== 'EXIT') throw new Error(`expected EXIT, got ${JSON.stringify(decision)}`);
  return decision.reason;
}

describe('decide: memory escalation on Fargate', () => {
  it('reads the fixture as a Fargate out-of-memory failure', () => {
    const input = fargateOom('0.25', '2048');

    expect(input.job.platform).toBe('FARGATE');
    expect(input.classification.class).toBe('resource');
  });

  it('moves 0.25 vCPU / 2048 MiB to 0.5 vCPU / 4096 MiB when memory doubles', () => {
    const decision = decideOn(fargateOom('0.25', '2048'), { policy: escalating({ maxMemoryMiB: 65_536 }) });

    expect(resourcesOf(decision)).toEqual({ vcpus: 0.5, memoryMiB: 4096 });
    expect(decision.explanation).toContain('escalate to 4096 MiB, 0.5 vCPUs (a Fargate size)');
  });

  it('rounds memory up to a value the vCPUs accept', () => {
    const policy = escalating({ memoryFactor: 1.5, maxMemoryMiB: 65_536 });

    expect(resourcesOf(decideOn(fargateOom('1', '2048'), { policy }))).toEqual({ vcpus: 1, memoryMiB: 3072 });
    expect(resourcesOf(decideOn(fargateOom('4', '30720'), { policy }))).toEqual({
      vcpus: 8,
      memoryMiB: 49_152,
    });
  });

  it('keeps vCPUs that already allow the new memory', () => {
    const decision = decideOn(fargateOom('2', '4096'), { policy: escalating({ maxMemoryMiB: 65_536 }) });

    expect(resourcesOf(decision)).toEqual({ vcpus: 2, memoryMiB: 8192 });
  });

  it('raises vCPUs by vcpuFactor to a Fargate value and memory with them', () => {
    const policy = escalating({ memoryFactor: 1, vcpuFactor: 3, maxMemoryMiB: 65_536, maxVcpus: 4 });

    expect(resourcesOf(decideOn(fargateOom('0.25', '512'), { policy }))).toEqual({
      vcpus: 0.5,
      memoryMiB: 1024,
    });
  });

  it('gives only pairs from the Fargate table, whatever the factor', () => {
    for (const memoryFactor of [1.1, 1.5, 2, 3, 5, 16]) {
      const policy = escalating({ memoryFactor, maxMemoryMiB: 122_880 });

      const resources = resourcesOf(decideOn(fargateOom('0.25', '512'), { policy })) as {
        vcpus: number;
        memoryMiB: number;
      };

      const size = FARGATE_SIZES.find((s) => s.vcpus === resources.vcpus);
      expect(size?.memoryMiB, `memoryFactor ${memoryFactor}`).toContain(resources.memoryMiB);
    }
  });

  it('exits naming the pair when the needed vCPUs are above maxVcpus', () => {
    const policy = escalating({ maxMemoryMiB: 65_536, maxVcpus: 0.25 });

    const reason = exitReason(decideOn(fargateOom('0.25', '2048'), { policy }));

    expect(reason).toBe(
      'on Fargate 4096 MiB needs 0.5 vCPU / 4096 MiB, above escalate.maxVcpus (0.25); ' +
        'raise escalate.maxVcpus to 0.5 or more',
    );
  });

  it('exits naming the pair when rounded-up memory would pass maxMemoryMiB and nothing smaller grows', () => {
    const policy = escalating({ maxMemoryMiB: 3000 });

    const reason = exitReason(decideOn(fargateOom('0.25', '2048'), { policy }));

    expect(reason).toBe(
      'on Fargate 3000 MiB needs 0.5 vCPU / 3072 MiB, above escalate.maxMemoryMiB (3000 MiB), and no ' +
        'larger Fargate size fits under it; raise escalate.maxMemoryMiB to 3072 or more',
    );
  });

  it('rounds memory down under maxMemoryMiB when that still grows the job', () => {
    const policy = escalating({ maxMemoryMiB: 5000 });

    expect(resourcesOf(decideOn(fargateOom('0.5', '3072'), { policy }))).toEqual({
      vcpus: 0.5,
      memoryMiB: 4096,
    });
  });

  it('exits when the memory needs more than Fargate offers', () => {
    const policy = escalating({ maxMemoryMiB: 262_144 });

    const reason = exitReason(decideOn(fargateOom('16', '122880'), { policy }));

    expect(reason).toContain('Fargate has no size with 245760 MiB and at least 16 vCPU');
    expect(reason).toContain('run the job on EC2');
  });

  it('still exits at the memory ceiling with the usual reason', () => {
    const reason = exitReason(
      decideOn(fargateOom('0.25', '2048'), { policy: escalating({ maxMemoryMiB: 2048 }) }),
    );

    expect(reason).toBe('memory is already at the escalation ceiling (2048 MiB of 2048 MiB)');
  });
});

describe('decide: memory escalation on EC2 is not sized for Fargate', () => {
  it('doubles memory and keeps vCPUs, a pair Fargate would refuse', () => {
    const ec2 = classified('ec2-out-of-memory-137', (detail) => {
      (detail.container as Record<string, unknown>).resourceRequirements = [
        { type: 'VCPU', value: '0.25' },
        { type: 'MEMORY', value: '2048' },
      ];
    });

    const decision = decideOn(ec2, { policy: escalating({ maxMemoryMiB: 65_536 }) });

    expect(ec2.job.platform).toBe('EC2');
    expect(resourcesOf(decision)).toEqual({ vcpus: 0.25, memoryMiB: 4096 });
  });
});
