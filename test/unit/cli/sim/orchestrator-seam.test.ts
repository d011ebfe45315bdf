import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '#cli/sim/scenario.js';
import { createScenarioSimulation } from '#cli/sim/scenario-simulation.js';
import { ScheduledDelayQueue } from '#cli/sim/scheduled-delay-queue.js';
import { parseEvent } from '#core/events/parse.js';

const spot = parseScenario(
  JSON.parse(
    readFileSync(new URL('../../../../examples/scenarios/spot-reclaim.json', import.meta.url), 'utf8'),
  ),
  'spot-reclaim.json',
);

describe('attaching an orchestrator to the simulated Batch', () => {
  it('lets a sink resubmit a failed job after a delay through the BatchPort, continuing its lineage', async () => {
    const sim = createScenarioSimulation(spot);
    const statuses: string[] = [];
    const retries = new ScheduledDelayQueue<{
      jobId: string;
      jobName: string;
      jobQueue: string;
      jobDefinition: string;
    }>(sim.scheduler, async (m) => {
      await sim.batch.submitJob({
        jobName: m.jobName,
        jobQueue: m.jobQueue,
        jobDefinition: m.jobDefinition,
        tags: { 'batch-retry:root-job-id': m.jobId, 'batch-retry:parent-job-id': m.jobId },
      });
    });
    sim.batch.attach(async (event) => {
      const job = parseEvent(event, 'sim');
      statuses.push(job.status);
      if (job.status === 'FAILED') {
        await retries.send(
          {
            jobId: job.jobId,
            jobName: job.jobName,
            jobQueue: job.jobQueue,
            jobDefinition: job.jobDefinition,
          },
          120,
        );
      }
    });

    const root = await sim.submit();
    const record = await sim.run();

    expect(statuses).toEqual([
      'RUNNABLE',
      'STARTING',
      'RUNNING',
      'FAILED',
      'RUNNABLE',
      'STARTING',
      'RUNNING',
      'SUCCEEDED',
    ]);
    expect(record.jobs.map((j) => [j.rootJobId, j.parentJobId, j.status])).toEqual([
      [root.jobId, undefined, 'FAILED'],
      [root.jobId, root.jobId, 'SUCCEEDED'],
    ]);
    const [failed, child] = record.jobs;
    expect((child?.createdAt ?? 0) - (failed?.stoppedAt ?? 0)).toBe(120_000);
  });
});
