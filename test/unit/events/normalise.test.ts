import { describe, expect, it } from 'vitest';
import { parseEvent } from '#core/events/index.js';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';

const EC2 = loadEventFixture('application-exit-1');
const FARGATE = loadEventFixture('application-exit-2');
const MULTI = loadEventFixture('ecs-multi-container-failed');
const EKS = loadEventFixture('eks-oom-killed');
const LEGACY = loadEventFixture('legacy-no-attempts');

type Rec = Record<string, unknown>;

describe('normaliseJob', () => {
  it('tells EC2 from Fargate by the container instance when platformCapabilities is absent', () => {
    const ec2 = structuredClone(EC2);
    const fargate = structuredClone(FARGATE);
    delete ec2.detail.platformCapabilities;
    delete fargate.detail.platformCapabilities;

    expect(parseEvent(ec2, 'ec2.json').platform).toBe('EC2');
    expect(parseEvent(fargate, 'fargate.json').platform).toBe('FARGATE');
  });

  it('says UNKNOWN when nothing tells where the job would run', () => {
    const raw = structuredClone(loadEventFixture('cancelled-by-operator'));
    delete raw.detail.platformCapabilities;

    expect(parseEvent(raw, 'cancelled.json').platform).toBe('UNKNOWN');
  });

  it('keeps every container of a multi-container attempt with its name and log stream', () => {
    const job = parseEvent(structuredClone(MULTI), 'multi.json');

    expect(job.attempts[0]?.containers.map((c) => [c.name, c.exitCode, c.decisive])).toEqual([
      ['log-router', 0, false],
      ['app', 2, true],
    ]);
    expect(job.attempts[0]?.containers[1]?.logStreamName).toMatch(/^orders-enrich\/app\//);
  });

  it('marks the first container decisive when none failed', () => {
    const raw = structuredClone(MULTI);
    const task = (raw.detail.attempts as Array<{ taskProperties: Array<{ containers: Rec[] }> }>)[0]
      ?.taskProperties[0];
    for (const container of task?.containers ?? []) container.exitCode = 0;

    const attempt = parseEvent(raw, 'multi-ok.json').attempts[0];

    expect(attempt?.containers.map((c) => c.decisive)).toEqual([true, false]);
    expect(attempt?.exitCode).toBe(0);
  });

  it('marks a container with a reason decisive even without an exit code', () => {
    const raw = structuredClone(MULTI);
    const task = (raw.detail.attempts as Array<{ taskProperties: Array<{ containers: Rec[] }> }>)[0]
      ?.taskProperties[0];
    task?.containers.push({ name: 'init', reason: 'CannotStartContainerError: cgroup error' });
    for (const container of task?.containers ?? []) if (container.name === 'app') container.exitCode = 0;

    const attempt = parseEvent(raw, 'multi-reason.json').attempts[0];

    expect(attempt?.containers.find((c) => c.decisive)?.name).toBe('init');
    expect(attempt?.containerReason).toBe('CannotStartContainerError: cgroup error');
    expect(attempt?.exitCode).toBeUndefined();
  });

  it('reads an EKS outcome from the pod containers when eksAttempts is empty', () => {
    const raw = structuredClone(EKS);
    raw.detail.eksAttempts = [];
    const pod = (raw.detail.eksProperties as { podProperties: { containers: Rec[] } }).podProperties;
    Object.assign(pod.containers[0] ?? {}, { exitCode: 137, reason: 'OOMKilled' });

    const job = parseEvent(raw, 'eks-pod.json');

    expect(job.platform).toBe('EKS');
    expect(job.attempts).toHaveLength(1);
    expect(job.attempts[0]).toMatchObject({
      source: 'eksAttempts',
      exitCode: 137,
      containerReason: 'OOMKilled',
    });
  });

  it('takes the top-level container of an old event without attempts only when the job ran', () => {
    const ran = parseEvent(structuredClone(LEGACY), 'legacy.json');
    const neverRan = structuredClone(LEGACY);
    const container = neverRan.detail.container as Rec;
    delete container.exitCode;
    delete neverRan.detail.stoppedAt;

    expect(ran.attempts[0]).toMatchObject({ source: 'container', exitCode: 1 });
    expect(ran.attempts[0]?.stoppedAt).toBe(LEGACY.detail.stoppedAt);
    expect(parseEvent(neverRan, 'legacy-queued.json').attempts).toEqual([]);
  });

  it('does not invent an attempt from the top-level container when attempts is an empty list', () => {
    const raw = structuredClone(EC2);
    raw.detail.attempts = [];

    expect(parseEvent(raw, 'empty-attempts.json').attempts).toEqual([]);
  });

  it('keeps user tags and drops only resourceArn', () => {
    const job = parseEvent(structuredClone(EC2), 'tags.json');

    expect(job.tags).toEqual({ team: 'data-platform', pipeline: 'nightly' });
  });

  it('reads an array child index from the job id when arrayProperties is missing', () => {
    const raw = structuredClone(loadEventFixture('array-child-failed'));
    delete raw.detail.arrayProperties;

    const job = parseEvent(raw, 'child.json');

    expect(job.array).toMatchObject({ isParent: false, index: 7 });
    expect(job.jobId).toBe(`${job.array?.parentJobId}:7`);
  });

  it('works out the main node from nodeProperties when nodeDetails is missing', () => {
    const raw = structuredClone(loadEventFixture('multi-node-non-main-node'));
    delete raw.detail.nodeDetails;

    expect(parseEvent(raw, 'node.json').node).toEqual({ index: 1, isMainNode: false, numNodes: 3 });
  });
});
