import { describe, expect, it } from 'vitest';
import { buildSubmitRequest } from '#core/submit/build-request.js';
import { ResubmissionError } from '#core/submit/errors.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { LINEAGE, LINEAGE_TAG_VALUES } from './submit-test-helpers.js';

const ACCOUNT = 'arn:aws:batch:us-east-1:123456789012';
const USER_TAGS = { team: 'data-platform', pipeline: 'nightly' };

describe('buildSubmitRequest on each platform', () => {
  it('rebuilds an EC2 job with its definition revision, queue, tags and container overrides', () => {
    const job = jobFromFixture('ec2-out-of-memory-137');

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request).toEqual({
      jobName: 'genome-align-chr7',
      jobQueue: `${ACCOUNT}:job-queue/spot-queue`,
      jobDefinition: `${ACCOUNT}:job-definition/genome-align-chr7:7`,
      tags: { ...USER_TAGS, ...LINEAGE_TAG_VALUES },
      propagateTags: true,
      retryStrategy: { attempts: 1 },
      containerOverrides: {
        command: ['python', '-m', 'genome_align_chr7'],
        environment: [{ name: 'STAGE', value: 'prod' }],
        resourceRequirements: [
          { type: 'VCPU', value: '2' },
          { type: 'MEMORY', value: '8192' },
        ],
      },
    });
  });

  it('rebuilds a Fargate job without an instance type or an empty environment', () => {
    const job = jobFromFixture('fargate-spot-interruption');

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request.jobDefinition).toBe(`${ACCOUNT}:job-definition/thumbnail-render:7`);
    expect(request.containerOverrides).toEqual({
      command: ['python', '-m', 'thumbnail_render'],
      resourceRequirements: [
        { type: 'VCPU', value: '1' },
        { type: 'MEMORY', value: '2048' },
      ],
    });
  });

  it('rebuilds a multi-container ECS job as one task override per named container', () => {
    const job = jobFromFixture('ecs-multi-container-failed');

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE, resources: { memoryMiB: 8192 } });

    expect(request.containerOverrides).toBeUndefined();
    expect(request.ecsPropertiesOverride).toEqual({
      taskProperties: [
        {
          containers: [
            {
              name: 'log-router',
              resourceRequirements: [
                { type: 'VCPU', value: '0.25' },
                { type: 'MEMORY', value: '256' },
              ],
            },
            {
              name: 'app',
              command: ['python', '-m', 'orders_enrich'],
              environment: [{ name: 'STAGE', value: 'prod' }],
              resourceRequirements: [
                { type: 'VCPU', value: '2' },
                { type: 'MEMORY', value: '8192' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('rebuilds an EKS job with its containers, resources and pod labels', () => {
    const job = jobFromFixture('eks-oom-killed');

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request.tags).toEqual(LINEAGE_TAG_VALUES);
    expect(request.eksPropertiesOverride).toEqual({
      podProperties: {
        containers: [
          {
            name: 'main',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/embedding-batch:1.9.2',
            command: ['python', '-m', 'embedding_batch'],
            resources: { limits: { memory: '4Gi', cpu: '2' }, requests: { memory: '4Gi', cpu: '2' } },
          },
        ],
        metadata: {
          labels: {
            team: 'ml',
            'batch-retry/root-job-id': 'root-0000',
            'batch-retry/parent-job-id': 'parent-1111',
          },
        },
      },
    });
  });

  it('escalates EKS memory in both limits and requests so that they stay equal', () => {
    const job = jobFromFixture('eks-oom-killed');

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE, resources: { memoryMiB: 8192 } });

    expect(request.eksPropertiesOverride?.podProperties?.containers?.[0]?.resources).toEqual({
      limits: { memory: '8192Mi', cpu: '2' },
      requests: { memory: '8192Mi', cpu: '2' },
    });
    expect(notes).toContain('pod container "main": memory 4Gi -> 8192Mi (escalation)');
  });

  it('rebuilds a multi-node job from its own event as node overrides with the node count', () => {
    const job = jobFromFixture('multi-node-job-failed');

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request.containerOverrides).toBeUndefined();
    expect(request.nodeOverrides).toEqual({
      numNodes: 3,
      nodePropertyOverrides: [
        {
          targetNodes: '0:',
          containerOverrides: {
            command: ['/opt/run-solver.sh'],
            environment: [{ name: 'STAGE', value: 'prod' }],
            resourceRequirements: [
              { type: 'VCPU', value: '16' },
              { type: 'MEMORY', value: '65536' },
            ],
            instanceType: 'c5n.4xlarge',
          },
        },
      ],
    });
  });

  it.each([['multi-node-main-failed'], ['multi-node-non-main-node']])(
    'refuses the node job %s: only the multi-node job itself is resubmitted',
    (fixture) => {
      const job = jobFromFixture(fixture);

      const build = () => buildSubmitRequest(job, { lineage: LINEAGE });

      expect(build).toThrow(ResubmissionError);
      expect(build).toThrow(expect.objectContaining({ problem: 'MULTI_NODE_NODE_JOB', transient: false }));
      expect(build).toThrow("from the multi-node job's own FAILED event");
    },
  );

  it('resubmits an array child as a single job that receives its index in the given variable', () => {
    const job = jobFromFixture('array-child-failed');

    const { request, notes } = buildSubmitRequest(job, {
      lineage: LINEAGE,
      arrayIndexVariable: 'TILE_INDEX',
    });

    expect(request.arrayProperties).toBeUndefined();
    expect(request.jobName).toBe('tile-render-batch');
    expect(request.containerOverrides?.environment).toEqual([
      { name: 'STAGE', value: 'prod' },
      { name: 'TILE_INDEX', value: '7' },
    ]);
    expect(request.tags).toEqual({ ...USER_TAGS, ...LINEAGE_TAG_VALUES });
    expect(notes).toContain(
      'array: child 7 of e1461b2b-54fe-4be0-b600-a8a04d19e245 resubmitted as a single job; its index is in TILE_INDEX',
    );
  });

  it('refuses an array child when no index variable is given', () => {
    const job = jobFromFixture('array-child-failed');

    const build = () => buildSubmitRequest(job, { lineage: LINEAGE });

    expect(build).toThrow(expect.objectContaining({ problem: 'ARRAY_CHILD_WITHOUT_INDEX_VARIABLE' }));
    expect(build).toThrow(/child 7 of array job e1461b2b-54fe-4be0-b600-a8a04d19e245/);
  });

  it('refuses an array parent, whose failure comes from its children', () => {
    const job = jobFromFixture('array-parent-failed');

    const build = () => buildSubmitRequest(job, { lineage: LINEAGE, arrayIndexVariable: 'TILE_INDEX' });

    expect(build).toThrow(expect.objectContaining({ problem: 'ARRAY_PARENT', transient: false }));
  });

  it('turns the legacy memory and vcpus fields of an old job into resource requirements', () => {
    const job = jobFromFixture('legacy-no-attempts');

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request.containerOverrides).toEqual({
      command: ['python', '-m', 'legacy_nightly_report'],
      environment: [{ name: 'STAGE', value: 'prod' }],
      resourceRequirements: [
        { type: 'MEMORY', value: '2000' },
        { type: 'VCPU', value: '2' },
      ],
    });
    expect(request.containerOverrides).not.toHaveProperty('memory');
  });
});
