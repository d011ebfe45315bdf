import { describe, expect, it } from 'vitest';
import { parseEvent } from '#core/events/index.js';
import type { AttemptSource, JobStatus, Platform } from '#core/events/types.js';
import { EVENT_FIXTURE_NAMES, loadEventFixture } from '../../fixtures/events/load-fixture.js';

interface ExpectedAttempt {
  readonly source: AttemptSource;
  readonly exitCode?: number;
  readonly containerReason?: string | RegExp;
  readonly statusReason?: string;
  readonly containers?: number;
  readonly decisiveName?: string;
}

interface Expected {
  readonly platform: Platform;
  readonly status: JobStatus;
  readonly attempts: readonly ExpectedAttempt[];
  readonly array?: { readonly isParent: boolean; readonly index?: number; readonly size?: number };
  /** Node jobs (`UUID#n`) have an index; the multi-node job's own event has only the node count. */
  readonly node?: { readonly index?: number; readonly isMainNode?: boolean; readonly numNodes: number };
}

const ESSENTIAL = 'Essential container in task exited';
const HOST = 'Host EC2 (instance i-0123456789abcdef0) terminated.';
const exited = (exitCode: number): ExpectedAttempt => ({
  source: 'attempts.container',
  exitCode,
  statusReason: ESSENTIAL,
});

const EXPECTED: Readonly<Record<string, Expected>> = {
  'ec2-spot-host-terminated': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [{ source: 'attempts.container', statusReason: HOST }],
  },
  'fargate-spot-interruption': {
    platform: 'FARGATE',
    status: 'FAILED',
    attempts: [{ source: 'attempts.container', statusReason: 'Your Spot Task was interrupted.' }],
  },
  'ec2-cannot-pull-container': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [
      {
        source: 'attempts.container',
        containerReason: /^CannotPullContainerError: /,
        statusReason: 'Task failed to start',
      },
    ],
  },
  'fargate-resource-initialization-error': {
    platform: 'FARGATE',
    status: 'FAILED',
    attempts: [
      {
        source: 'attempts.container',
        containerReason: /^ResourceInitializationError: unable to pull secrets or registry auth: /,
        statusReason: 'Task failed to start',
      },
    ],
  },
  'ec2-out-of-memory-137': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [{ ...exited(137), containerReason: 'OutOfMemoryError: Container killed due to memory usage' }],
  },
  'ec2-exit-137-no-reason': { platform: 'EC2', status: 'FAILED', attempts: [exited(137)] },
  'attempt-timeout': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [
      { source: 'attempts.container', exitCode: 137, statusReason: 'Job attempt duration exceeded timeout' },
    ],
  },
  'application-exit-1': { platform: 'EC2', status: 'FAILED', attempts: [exited(1)] },
  'application-exit-2': { platform: 'FARGATE', status: 'FAILED', attempts: [exited(2)] },
  'application-exit-3': { platform: 'EC2', status: 'FAILED', attempts: [exited(3)] },
  'cancelled-by-operator': { platform: 'EC2', status: 'FAILED', attempts: [] },
  'terminated-by-operator-running': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [
      {
        source: 'attempts.container',
        exitCode: 143,
        statusReason: 'EC2 instance terminated by ops during maintenance window OPS-2291',
      },
    ],
  },
  'dependency-failed': { platform: 'EC2', status: 'FAILED', attempts: [] },
  'array-parent-failed': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [],
    array: { isParent: true, size: 10 },
  },
  'array-child-failed': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [exited(1)],
    array: { isParent: false, index: 7 },
  },
  'multi-node-main-failed': {
    platform: 'MULTI_NODE',
    status: 'FAILED',
    attempts: [exited(1)],
    node: { index: 0, isMainNode: true, numNodes: 3 },
  },
  'multi-node-non-main-node': {
    platform: 'MULTI_NODE',
    status: 'FAILED',
    attempts: [exited(143)],
    node: { index: 1, isMainNode: false, numNodes: 3 },
  },
  'multi-node-job-failed': {
    platform: 'MULTI_NODE',
    status: 'FAILED',
    attempts: [exited(1)],
    node: { numNodes: 3 },
  },
  'ecs-multi-container-failed': {
    platform: 'ECS_MULTI_CONTAINER',
    status: 'FAILED',
    attempts: [
      {
        source: 'attempts.taskProperties',
        exitCode: 2,
        statusReason: ESSENTIAL,
        containers: 2,
        decisiveName: 'app',
      },
    ],
  },
  'eks-oom-killed': {
    platform: 'EKS',
    status: 'FAILED',
    attempts: [{ source: 'eksAttempts', exitCode: 137, containerReason: 'OOMKilled', decisiveName: 'main' }],
  },
  'eks-application-failed': {
    platform: 'EKS',
    status: 'FAILED',
    attempts: [{ source: 'eksAttempts', exitCode: 1, containerReason: 'Error', decisiveName: 'main' }],
  },
  'eks-init-container-completed': {
    platform: 'EKS',
    status: 'FAILED',
    attempts: [
      { source: 'eksAttempts', exitCode: 1, containerReason: 'Error', containers: 2, decisiveName: 'main' },
    ],
  },
  'native-attempts-mixed-causes': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [{ source: 'attempts.container', statusReason: HOST }, exited(1)],
  },
  'legacy-no-attempts': {
    platform: 'EC2',
    status: 'FAILED',
    attempts: [{ source: 'container', exitCode: 1, statusReason: ESSENTIAL }],
  },
  succeeded: { platform: 'EC2', status: 'SUCCEEDED', attempts: [exited(0)] },
  'runnable-after-failed-attempt': { platform: 'EC2', status: 'RUNNABLE', attempts: [exited(1)] },
};

describe('event fixtures', () => {
  it('has an expectation for every fixture file and a file for every expectation', () => {
    expect([...EVENT_FIXTURE_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    const raw = loadEventFixture(name);
    const job = parseEvent(raw, `${name}.json`);

    it('keeps the job id, name, queue, definition, status and envelope', () => {
      expect(job.jobId).toBe(raw.detail.jobId);
      expect(job.jobName).toBe(raw.detail.jobName);
      expect(job.jobQueue).toMatch(/^arn:aws:batch:us-east-1:123456789012:job-queue\//);
      expect(job.jobDefinition).toMatch(/^arn:aws:batch:us-east-1:123456789012:job-definition\/.+:\d+$/);
      expect(job.status).toBe(expected.status);
      expect(job.event).toEqual({ id: raw.id, time: raw.time, region: 'us-east-1', account: '123456789012' });
    });

    it(`recognises the platform as ${expected.platform}`, () => {
      expect(job.platform).toBe(expected.platform);
    });

    it('drops the synthetic resourceArn tag', () => {
      expect(Object.keys(job.tags)).not.toContain('resourceArn');
    });

    it('gathers the attempts in order with their exit codes, reasons and source', () => {
      expect(job.attempts).toHaveLength(expected.attempts.length);
      expected.attempts.forEach((want, i) => {
        const got = job.attempts[i];
        expect(got?.index).toBe(i);
        expect(got?.source).toBe(want.source);
        expect(got?.exitCode).toBe(want.exitCode);
        expect(got?.statusReason).toBe(want.statusReason);
        if (want.containerReason instanceof RegExp)
          expect(got?.containerReason).toMatch(want.containerReason);
        else expect(got?.containerReason).toBe(want.containerReason);
        expect(got?.containers).toHaveLength(want.containers ?? 1);
        expect(got?.containers.filter((c) => c.decisive)).toHaveLength(1);
        if (want.decisiveName !== undefined) {
          expect(got?.containers.find((c) => c.decisive)?.name).toBe(want.decisiveName);
        }
      });
    });

    it('reads the array and multi-node ids', () => {
      expect(job.array === undefined ? undefined : { ...job.array, parentJobId: undefined }).toEqual(
        expected.array === undefined ? undefined : { ...expected.array, parentJobId: undefined },
      );
      if (expected.array?.isParent === false) {
        expect(`${job.array?.parentJobId}:${expected.array.index}`).toBe(job.jobId);
      }
      expect(job.node).toStrictEqual(expected.node);
    });
  });
});
