import { describe, expect, it } from 'vitest';
import { parseEvent } from '#core/events/parse.js';
import { statuses, world } from './simulated-batch-world.js';

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
});
