import { describe, expect, it } from 'vitest';
import { buildSubmitRequest } from '#core/submit/build-request.js';
import { ResubmissionError } from '#core/submit/errors.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { EVENT_FIXTURE_NAMES } from '../../fixtures/events/load-fixture.js';
import { containerOf, LINEAGE } from './submit-test-helpers.js';

const FALLBACK_QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/on-demand-queue';

describe('buildSubmitRequest edge cases', () => {
  it('drops AWS_BATCH variables from the environment and says so', () => {
    const job = jobFromFixture('ec2-out-of-memory-137', (detail) => {
      containerOf(detail).environment = [
        { name: 'AWS_BATCH_JOB_ID', value: 'old' },
        { name: 'STAGE', value: 'prod' },
        { name: 'AWS_BATCH_JQ_NAME', value: 'spot-queue' },
      ];
    });

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request.containerOverrides?.environment).toEqual([{ name: 'STAGE', value: 'prod' }]);
    expect(notes.join('\n')).toContain('container: dropped AWS_BATCH_JOB_ID, AWS_BATCH_JQ_NAME');
  });

  it('drops the resourceArn tag and aws: tags in any letter case', () => {
    const job = jobFromFixture('ec2-out-of-memory-137', (detail) => {
      detail.tags = { resourceArn: 'arn', 'aws:cloudformation:stack-name': 's', 'AWS:Owner': 'o', team: 'x' };
    });

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(Object.keys(request.tags ?? {}).sort()).toEqual([
      'batch-retry:attempt',
      'batch-retry:parent-job-id',
      'batch-retry:policy',
      'batch-retry:root-job-id',
      'team',
    ]);
    expect(notes.join('\n')).toContain('tags: dropped aws:cloudformation:stack-name, AWS:Owner');
  });

  it('keeps at most 48 tags, the lineage tags always among them (the claim and probe tags, added at submit, make 50)', () => {
    const job = jobFromFixture('ec2-out-of-memory-137', (detail) => {
      detail.tags = Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']),
      );
    });

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE });

    const keys = Object.keys(request.tags ?? {});
    expect(keys).toHaveLength(48);
    expect(keys).toContain('batch-retry:root-job-id');
    expect(keys).toContain('k43');
    expect(keys).not.toContain('k44');
    expect(notes.join('\n')).toContain(
      'tags: dropped k44, k45, k46, k47, k48, k49, k50, k51, k52, k53, k54, k55, k56, k57',
    );
  });

  it('replaces the lineage tags of a job that was itself a resubmission', () => {
    const job = jobFromFixture('ec2-out-of-memory-137', (detail) => {
      detail.tags = { 'batch-retry:attempt': '1', 'batch-retry:parent-job-id': 'older' };
    });

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request.tags?.['batch-retry:attempt']).toBe('2');
    expect(request.tags?.['batch-retry:parent-job-id']).toBe('parent-1111');
  });

  it('applies escalated memory and vCPUs to the container and notes the change', () => {
    const job = jobFromFixture('ec2-out-of-memory-137');

    const { request, notes } = buildSubmitRequest(job, {
      lineage: LINEAGE,
      resources: { memoryMiB: 16384, vcpus: 4 },
    });

    expect(request.containerOverrides?.resourceRequirements).toEqual([
      { type: 'VCPU', value: '4' },
      { type: 'MEMORY', value: '16384' },
    ]);
    expect(notes).toContain('container: MEMORY 8192 MiB -> 16384 MiB (escalation)');
  });

  it('applies escalated memory over the legacy memory field', () => {
    const job = jobFromFixture('legacy-no-attempts');

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE, resources: { memoryMiB: 4000 } });

    expect(request.containerOverrides?.resourceRequirements).toEqual([
      { type: 'MEMORY', value: '4000' },
      { type: 'VCPU', value: '2' },
    ]);
  });

  it('escalates only the node range that holds the main node', () => {
    const job = jobFromFixture('multi-node-job-failed', (detail) => {
      const nodes = detail.nodeProperties as { nodeRangeProperties: Record<string, unknown>[] };
      const main = nodes.nodeRangeProperties[0] as Record<string, unknown>;
      nodes.nodeRangeProperties = [
        { ...main, targetNodes: '0:0' },
        { ...main, targetNodes: '1:2' },
      ];
    });

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE, resources: { memoryMiB: 131072 } });

    const ranges = request.nodeOverrides?.nodePropertyOverrides ?? [];
    expect(request.nodeOverrides?.numNodes).toBeUndefined();
    expect(ranges.map((r) => r.containerOverrides?.resourceRequirements?.[1]?.value)).toEqual([
      '131072',
      '65536',
    ]);
  });

  it('says so when there is no container to escalate', () => {
    const job = jobFromFixture('ec2-out-of-memory-137', (detail) => {
      delete detail.container;
    });

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE, resources: { memoryMiB: 16384 } });

    expect(request.containerOverrides).toBeUndefined();
    expect(notes).toContain('resources: escalation not applied, the event shows no container to apply it to');
  });

  it('submits to the fallback queue when the policy moves the job', () => {
    const job = jobFromFixture('ec2-spot-host-terminated');

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE, jobQueue: FALLBACK_QUEUE });

    expect(request.jobQueue).toBe(FALLBACK_QUEUE);
    expect(
      notes.some(
        (n) => n.startsWith('queue: moved from') && n.endsWith(`to ${FALLBACK_QUEUE} by the policy`),
      ),
    ).toBe(true);
  });

  it('drops dependsOn, since the dependencies already ran', () => {
    const job = jobFromFixture('dependency-failed');

    const { request, notes } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request).not.toHaveProperty('dependsOn');
    expect(notes.join('\n')).toContain('dependsOn: dropped bac5d846-1218-4b22-bbc6-da2b4c2a2829');
  });

  it('carries parameters, timeout, fair-share fields and the retry strategy', () => {
    const job = jobFromFixture('ec2-out-of-memory-137', (detail) => {
      detail.parameters = { input: 's3://bucket/key' };
      detail.timeout = { attemptDurationSeconds: 3600 };
      detail.shareIdentifier = 'teamA';
      detail.schedulingPriority = 40;
      detail.retryStrategy = { attempts: 3, evaluateOnExit: [{ onExitCode: '137', action: 'exit' }] };
    });

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request).toMatchObject({
      parameters: { input: 's3://bucket/key' },
      timeout: { attemptDurationSeconds: 3600 },
      shareIdentifier: 'teamA',
      schedulingPriorityOverride: 40,
      retryStrategy: { attempts: 3, evaluateOnExit: [{ onExitCode: '137', action: 'EXIT' }] },
    });
  });

  it("drops the labels AWS Batch put on the old EKS pod and the old pod's lineage, and labels the new pod", () => {
    const job = jobFromFixture('eks-application-failed', (detail) => {
      const pod = (detail.eksProperties as { podProperties: Record<string, unknown> }).podProperties;
      pod.metadata = {
        labels: {
          team: 'ml',
          'batch.amazonaws.com/job-id': 'old',
          'batch-retry/root-job-id': 'an-older-root',
          'batch-retry/claim': 'an-older-claim',
        },
      };
    });

    const { request } = buildSubmitRequest(job, { lineage: LINEAGE });

    expect(request.eksPropertiesOverride?.podProperties?.metadata).toEqual({
      labels: {
        team: 'ml',
        'batch-retry/root-job-id': 'root-0000',
        'batch-retry/parent-job-id': 'parent-1111',
      },
    });
  });

  it.each([['1INDEX'], ['AWS_BATCH_INDEX'], ['has space']])('refuses the array index variable %s', (name) => {
    const job = jobFromFixture('array-child-failed');

    expect(() => buildSubmitRequest(job, { lineage: LINEAGE, arrayIndexVariable: name })).toThrow(
      expect.objectContaining({ problem: 'INVALID_OPTIONS' }),
    );
  });

  it('refuses a policy name longer than a tag value may be', () => {
    const job = jobFromFixture('ec2-out-of-memory-137');

    const build = () => buildSubmitRequest(job, { lineage: { ...LINEAGE, policyName: 'p'.repeat(257) } });

    expect(build).toThrow(expect.objectContaining({ problem: 'INVALID_OPTIONS' }));
  });

  it('names the field when the detail holds a shape Batch never sends', () => {
    const job = jobFromFixture('ec2-out-of-memory-137', (detail) => {
      containerOf(detail).environment = 'STAGE=prod';
    });

    const build = () => buildSubmitRequest(job, { lineage: LINEAGE });

    expect(build).toThrow(ResubmissionError);
    expect(build).toThrow(/detail\.container\.environment/);
  });

  it('never sends reserved variables, dependencies, array properties or more than 50 tags for any fixture', () => {
    for (const name of EVENT_FIXTURE_NAMES) {
      const job = jobFromFixture(name);
      if (job.array?.isParent === true || job.node?.index !== undefined) continue;

      const { request } = buildSubmitRequest(job, { lineage: LINEAGE, arrayIndexVariable: 'INDEX' });

      const text = JSON.stringify(request);
      expect(text, name).not.toContain('"AWS_BATCH');
      expect(request, name).not.toHaveProperty('dependsOn');
      expect(request, name).not.toHaveProperty('arrayProperties');
      expect(Object.keys(request.tags ?? {}).length, name).toBeLessThanOrEqual(50);
    }
  });
});
