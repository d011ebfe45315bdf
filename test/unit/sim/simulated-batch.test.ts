import { describe, expect, it } from 'vitest';
import { OrchestratorError } from '../../../shared/errors.js';
import { parseEvent } from '../../../shared/events/parse.js';
import type { AttemptOutcome, OutcomeModel } from '../../../shared/sim/attempt-outcome.js';
import type { SimulatedJobDefinition } from '../../../shared/sim/job-definitions.js';
import type { SimulatedJob } from '../../../shared/sim/simulated-job.js';
import { createSimulation } from '../../../shared/sim/simulation.js';

const render: SimulatedJobDefinition = {
  name: 'render',
  revision: 3,
  platform: 'EC2',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/render:1.4',
  command: ['render.sh', 'Ref::frame'],
  memoryMiB: 4096,
  vcpus: 2,
};

interface EventLike {
  readonly time: string;
  readonly detail: {
    readonly status: string;
    readonly attempts: readonly unknown[];
    readonly [k: string]: unknown;
  };
}

/** A world whose attempts follow `script` (by lineage attempt number), collecting every event. */
function world(
  script: readonly AttemptOutcome[],
  options: { seed?: number; definitions?: SimulatedJobDefinition[] } = {},
) {
  const events: EventLike[] = [];
  const seen: { job: SimulatedJob; attempt: number; lineageAttempt: number }[] = [];
  const outcomes: OutcomeModel = (job, attempt, lineageAttempt) => {
    seen.push({ job: { ...job }, attempt, lineageAttempt });
    return script[lineageAttempt - 1] ?? { kind: 'succeed', durationSeconds: 60 };
  };
  const simulation = createSimulation({
    seed: options.seed ?? 1,
    outcomes,
    jobDefinitions: options.definitions ?? [render],
    sinks: [(e) => void events.push(e as EventLike)],
  });
  return { ...simulation, events, seen };
}

const statuses = (events: readonly EventLike[]): string[] => events.map((e) => e.detail.status);

describe('SimulatedBatch', () => {
  it('takes a job through RUNNABLE, STARTING, RUNNING and SUCCEEDED in virtual time', async () => {
    const w = world([{ kind: 'succeed', durationSeconds: 600 }]);

    await w.batch.submitJob({ jobName: 'frame-1', jobQueue: 'render-spot', jobDefinition: 'render' });
    const record = await w.run();

    expect(statuses(w.events)).toEqual(['RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED']);
    expect(w.events.map((e) => e.time)).toEqual([
      '2025-01-06T09:00:05Z',
      '2025-01-06T09:01:05Z',
      '2025-01-06T09:01:35Z',
      '2025-01-06T09:11:35Z',
    ]);
    expect(record.jobs[0]?.status).toBe('SUCCEEDED');
    expect(record.jobs[0]?.attempts[0]).toMatchObject({ outcome: 'succeed', exitCode: 0, succeeded: true });
  });

  it('emits events the project parser reads back as the same job, status and attempts', async () => {
    const w = world([
      { kind: 'image-pull-failure', durationSeconds: 20 },
      { kind: 'spot-reclaim', durationSeconds: 300 },
      { kind: 'out-of-memory', durationSeconds: 100 },
      { kind: 'app-exit', exitCode: 2, durationSeconds: 50 },
      { kind: 'succeed', durationSeconds: 60 },
    ]);
    const submitted = await w.batch.submitJob({
      jobName: 'frame-2',
      jobQueue: 'render-spot',
      jobDefinition: 'render:3',
      retryStrategy: { attempts: 5 },
      tags: { team: 'vfx' },
    });

    await w.run();

    for (const [i, event] of w.events.entries()) {
      const job = parseEvent(event, `event ${i}`);
      expect(job.jobId).toBe(submitted.jobId);
      expect(job.status).toBe(event.detail.status);
      expect(job.attempts).toHaveLength(event.detail.attempts.length);
      expect(job.platform).toBe('EC2');
      expect(job.tags).toEqual({ team: 'vfx' });
    }
    const last = parseEvent(w.events.at(-1), 'last');
    expect(last.attempts.map((a) => [a.exitCode, a.containerReason, a.statusReason])).toEqual([
      [
        undefined,
        'CannotPullContainerError: Error response from daemon: manifest for 123456789012.dkr.ecr.us-east-1.amazonaws.com/render:1.4 not found: manifest unknown: Requested image not found',
        'Task failed to start',
      ],
      [undefined, undefined, expect.stringMatching(/^Host EC2 \(instance i-0[0-9a-f]{16}\) terminated\.$/)],
      [137, 'OutOfMemoryError: Container killed due to memory usage', 'Essential container in task exited'],
      [2, undefined, 'Essential container in task exited'],
      [0, undefined, 'Essential container in task exited'],
    ]);
  });

  it('writes the envelope and detail fields of a real Batch Job State Change', async () => {
    const w = world([{ kind: 'app-exit', exitCode: 1, durationSeconds: 60 }]);
    await w.batch.submitJob({
      jobName: 'frame-3',
      jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/render-spot',
      jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/render:3',
      retryStrategy: { attempts: 1 },
    });

    await w.run();

    const failed = w.events.at(-1) as unknown as Record<string, unknown> & {
      detail: Record<string, unknown>;
    };
    expect(failed).toMatchObject({
      version: '0',
      'detail-type': 'Batch Job State Change',
      source: 'aws.batch',
      account: '123456789012',
      region: 'us-east-1',
    });
    const detail = failed.detail;
    expect(failed.resources).toEqual([detail.jobArn]);
    expect(failed.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(detail).toMatchObject({
      jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/render-spot',
      jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/render:3',
      status: 'FAILED',
      statusReason: 'Essential container in task exited',
      retryStrategy: { attempts: 1, evaluateOnExit: [] },
      dependsOn: [],
      parameters: {},
      tags: { resourceArn: detail.jobArn },
      propagateTags: false,
      platformCapabilities: ['EC2'],
      eksAttempts: [],
      container: {
        exitCode: 1,
        resourceRequirements: [
          { value: '2', type: 'VCPU' },
          { value: '4096', type: 'MEMORY' },
        ],
      },
    });
    expect(detail.container).toHaveProperty('containerInstanceArn');
    expect(detail.container).toHaveProperty(
      'logStreamName',
      expect.stringMatching(/^render\/default\/[0-9a-f]{32}$/),
    );
    expect(typeof detail.startedAt).toBe('number');
    expect(typeof detail.stoppedAt).toBe('number');
  });

  it('produces an identical event stream for the same seed and different job ids for another', async () => {
    const run = async (seed: number) => {
      const w = world([{ kind: 'spot-reclaim', durationSeconds: 90 }], { seed });
      await w.batch.submitJob({
        jobName: 'a',
        jobQueue: 'q',
        jobDefinition: 'render',
        retryStrategy: { attempts: 2 },
      });
      await w.batch.submitJob({ jobName: 'b', jobQueue: 'q', jobDefinition: 'render' });
      await w.run();
      return JSON.stringify(w.events);
    };

    expect(await run(9)).toBe(await run(9));
    expect(await run(9)).not.toBe(await run(10));
  });

  it('re-queues a natively retried job at once with the failed attempt in its RUNNABLE event', async () => {
    const w = world([
      { kind: 'spot-reclaim', durationSeconds: 300 },
      { kind: 'succeed', durationSeconds: 60 },
    ]);
    await w.batch.submitJob({
      jobName: 'frame-4',
      jobQueue: 'q',
      jobDefinition: 'render',
      retryStrategy: { attempts: 3 },
    });

    await w.run();

    expect(statuses(w.events)).toEqual([
      'RUNNABLE',
      'STARTING',
      'RUNNING',
      'RUNNABLE',
      'STARTING',
      'RUNNING',
      'SUCCEEDED',
    ]);
    const requeued = w.events[3];
    expect(requeued?.time).toBe('2025-01-06T09:06:35Z');
    expect(requeued?.detail.attempts).toHaveLength(1);
    expect(w.seen.map((s) => [s.attempt, s.lineageAttempt])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('stops natively retrying when an EXIT rule matches', async () => {
    const w = world([{ kind: 'app-exit', exitCode: 3, durationSeconds: 60 }]);
    await w.batch.submitJob({
      jobName: 'frame-5',
      jobQueue: 'q',
      jobDefinition: 'render',
      retryStrategy: { attempts: 10, evaluateOnExit: [{ onExitCode: '3', action: 'EXIT' }] },
    });

    const record = await w.run();

    expect(statuses(w.events)).toEqual(['RUNNABLE', 'STARTING', 'RUNNING', 'FAILED']);
    expect(record.jobs[0]?.attempts).toHaveLength(1);
  });

  it('stops after the number of attempts the retryStrategy allows', async () => {
    const failing = Array.from({ length: 10 }, () => ({
      kind: 'app-exit' as const,
      exitCode: 1,
      durationSeconds: 30,
    }));
    const w = world(failing);
    await w.batch.submitJob({
      jobName: 'frame-6',
      jobQueue: 'q',
      jobDefinition: 'render',
      retryStrategy: { attempts: 4 },
    });

    const record = await w.run();

    expect(record.jobs[0]?.status).toBe('FAILED');
    expect(record.jobs[0]?.attempts.map((a) => a.number)).toEqual([1, 2, 3, 4]);
  });

  it('fails an attempt that outruns the job timeout and does not retry it', async () => {
    const w = world([{ kind: 'succeed', durationSeconds: 600 }]);
    await w.batch.submitJob({
      jobName: 'frame-7',
      jobQueue: 'q',
      jobDefinition: 'render',
      retryStrategy: { attempts: 3 },
      timeout: { attemptDurationSeconds: 120 },
    });

    const record = await w.run();

    const job = record.jobs[0];
    expect(job?.statusReason).toBe('Job attempt duration exceeded timeout');
    expect(job?.attempts).toHaveLength(1);
    expect(job?.attempts[0]).toMatchObject({ outcome: 'timeout', exitCode: 137 });
    const attempt = job?.attempts[0];
    expect(attempt === undefined ? 0 : attempt.stoppedAt - (attempt.startedAt ?? 0)).toBe(120_000);
  });

  it('applies memory, vCPU and queue overrides so the outcome model and the event see them', async () => {
    const w = world([{ kind: 'succeed', durationSeconds: 60 }]);
    await w.batch.submitJob({
      jobName: 'frame-8',
      jobQueue: 'render-on-demand',
      jobDefinition: 'render',
      containerOverrides: {
        resourceRequirements: [
          { type: 'MEMORY', value: '8192' },
          { type: 'VCPU', value: '4' },
        ],
      },
    });

    await w.run();

    expect(w.seen[0]?.job).toMatchObject({ memoryMiB: 8192, vcpus: 4, queueName: 'render-on-demand' });
    expect(w.events[0]?.detail.container).toMatchObject({
      resourceRequirements: [
        { value: '4', type: 'VCPU' },
        { value: '8192', type: 'MEMORY' },
      ],
    });
  });

  it('continues the lineage attempt count on a job tagged with its root job id', async () => {
    const w = world([
      { kind: 'spot-reclaim', durationSeconds: 60 },
      { kind: 'succeed', durationSeconds: 60 },
    ]);
    const root = await w.batch.submitJob({ jobName: 'frame-9', jobQueue: 'q', jobDefinition: 'render' });
    await w.run();

    await w.batch.submitJob({
      jobName: 'frame-9',
      jobQueue: 'q',
      jobDefinition: 'render',
      tags: { 'batch-retry:root-job-id': root.jobId, 'batch-retry:parent-job-id': root.jobId },
    });
    const record = await w.run();

    expect(w.seen.map((s) => s.lineageAttempt)).toEqual([1, 2]);
    expect(record.jobs.map((j) => [j.rootJobId, j.status])).toEqual([
      [root.jobId, 'FAILED'],
      [root.jobId, 'SUCCEEDED'],
    ]);
  });

  it('finds jobs by queue, name and creation time with their tags', async () => {
    const w = world([]);
    const first = await w.batch.submitJob({ jobName: 'frame-10', jobQueue: 'q', jobDefinition: 'render' });
    await w.run();
    const later = w.clock.now();
    const second = await w.batch.submitJob({
      jobName: 'frame-10',
      jobQueue: 'q',
      jobDefinition: 'render',
      tags: { 'batch-retry:root-job-id': first.jobId },
    });
    await w.batch.submitJob({ jobName: 'frame-10', jobQueue: 'other', jobDefinition: 'render' });

    const all = await w.batch.findJobsByName({ jobQueue: 'q', jobName: 'frame-10', createdAfter: 0 });
    const recent = await w.batch.findJobsByName({
      jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/q',
      jobName: 'frame-10',
      createdAfter: later,
    });

    expect(all.map((j) => j.jobId)).toEqual([first.jobId, second.jobId]);
    expect(recent).toEqual([
      {
        jobId: second.jobId,
        jobName: 'frame-10',
        createdAt: later,
        tags: { 'batch-retry:root-job-id': first.jobId },
      },
    ]);
  });

  it('rejects SubmitJob requests Batch would reject', async () => {
    const w = world([]);

    await expect(
      w.batch.submitJob({
        jobName: 'x',
        jobQueue: 'q',
        jobDefinition: 'render',
        retryStrategy: { attempts: 11 },
      }),
    ).rejects.toThrow(/retryStrategy.attempts is 11; Batch allows 1 to 10/);
    await expect(
      w.batch.submitJob({ jobName: '-bad', jobQueue: 'q', jobDefinition: 'render' }),
    ).rejects.toThrow(/jobName must be/);
    await expect(
      w.batch.submitJob({ jobName: 'x', jobQueue: 'q', jobDefinition: 'missing:1' }),
    ).rejects.toThrow(OrchestratorError);
  });

  it('reports a Fargate Spot interruption with the ECS reason and no container instance', async () => {
    const w = world([{ kind: 'spot-reclaim', durationSeconds: 60 }], {
      definitions: [{ ...render, platform: 'FARGATE', vcpus: 0.5 }],
    });
    await w.batch.submitJob({ jobName: 'frame-11', jobQueue: 'q', jobDefinition: 'render' });

    await w.run();

    const job = parseEvent(w.events.at(-1), 'last');
    expect(job.platform).toBe('FARGATE');
    expect(job.statusReason).toBe('Your Spot Task was interrupted.');
    expect(w.events.at(-1)?.detail.container).not.toHaveProperty('containerInstanceArn');
  });
});
