import { describe, expect, it } from 'vitest';
import { OrchestratorError } from '#core/errors.js';
import { parseEvent } from '#core/events/parse.js';
import { render, statuses, world } from './simulated-batch-world.js';

describe('SimulatedBatch: native retries, overrides and SubmitJob', () => {
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
