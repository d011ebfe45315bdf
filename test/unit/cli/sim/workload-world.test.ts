import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATION_START } from '#adapters/memory/index.js';
import { runNative } from '#cli/sim/native-run.js';
import { parseWorkload } from '#cli/sim/workload.js';
import { createWorkloadSimulation } from '#cli/sim/workload-simulation.js';
import { classifyJob } from '#core/classify/index.js';
import type { BatchJobDetail, NormalisedJob } from '#core/events/types.js';

const MIN = 60_000;

/** A small EC2 workload on Spot with no failure of its own, plus whatever `extra` adds. */
function workload(extra: Record<string, unknown>) {
  return parseWorkload(
    {
      name: 'world-test',
      jobs: 200,
      seed: 7,
      job: { jobNamePrefix: 'w', jobDefinition: 'w:1', memoryMiB: 2048, vcpus: 1, platform: 'EC2' },
      queues: { spot: 'spot', onDemand: 'ondemand' },
      runTime: { distribution: 'uniform', minMinutes: 10, maxMinutes: 20 },
      prices: { spotPerVcpuHour: 0.01, onDemandPerVcpuHour: 0.04 },
      ...extra,
    },
    'world-test.json',
  );
}

/** The last attempt of a recorded job as the classifier reads it. */
function classified(attempt: { statusReason: string; containerReason?: string; exitCode?: number }) {
  const job: NormalisedJob = {
    jobId: 'j',
    jobName: 'w-001',
    status: 'FAILED',
    jobQueue: 'spot',
    jobDefinition: 'w:1',
    platform: 'EC2',
    tags: {},
    attempts: [{ index: 0, source: 'attempts.container', containers: [], ...attempt }],
    detail: {} as BatchJobDetail,
  };
  return classifyJob(job).evidence;
}

describe('a workload in its world', () => {
  it('fails the pulls of a registry outage with transient words, and only inside its window', async () => {
    const outage = workload({
      incidents: [{ kind: 'registry-outage', startMinute: 0, durationMinutes: 5, pullFailureProbability: 1 }],
      submitOverMinutes: 20,
    });

    const { record } = await runNative(outage);

    const attempts = record.jobs.flatMap((j) => j.attempts);
    const pulls = attempts.filter((a) => a.outcome === 'image-pull-failure');
    expect(pulls.length).toBeGreaterThan(20);
    for (const a of pulls) expect(a.startingAt).toBeLessThan(DEFAULT_SIMULATION_START + 5 * MIN);
    const causes = new Set(pulls.map((a) => classified(a).cause));
    expect(causes).toEqual(new Set(['network-timeout', 'registry-unavailable']));
  });

  it('holds jobs RUNNABLE through a capacity shortage of their queue', async () => {
    const shortage = workload({
      incidents: [{ kind: 'capacity-shortage', queue: 'spot', startMinute: 0, durationMinutes: 30 }],
    });

    const { record } = await runNative(shortage);

    const firstStart = Math.min(...record.jobs.flatMap((j) => j.attempts.map((a) => a.startingAt)));
    expect(firstStart).toBe(DEFAULT_SIMULATION_START + 30 * MIN);
    expect(record.jobs.every((j) => j.status === 'SUCCEEDED')).toBe(true);
  });

  it('reclaims Spot attempts in a wave pool while it lasts, and never after', async () => {
    const storm = workload({
      capacity: { pools: [{ name: 'a', zone: 'z1' }] },
      incidents: [
        { kind: 'spot-reclaim-wave', pools: ['a'], startMinute: 0, durationMinutes: 30, reclaimPerHour: 6 },
      ],
    });

    const { record } = await runNative(storm, { retryStrategy: { attempts: 5 } });

    const reclaims = record.jobs.flatMap((j) => j.attempts).filter((a) => a.outcome === 'spot-reclaim');
    expect(reclaims.length).toBeGreaterThan(50);
    for (const a of reclaims) expect(a.stoppedAt).toBeLessThanOrEqual(DEFAULT_SIMULATION_START + 30 * MIN);
    expect(classified(reclaims[0] as { statusReason: string }).cause).toBe('host-lost');
  });

  it('fails every attempt of a definition whose image is missing, and says no retry can save those jobs', async () => {
    const missing = workload({
      job: {
        jobNamePrefix: 'w',
        definitions: [
          { jobDefinition: 'w:1', share: 0.9 },
          { jobDefinition: 'qc:2', share: 0.1, imageMissing: true },
        ],
        memoryMiB: 2048,
        vcpus: 1,
        platform: 'EC2',
      },
    });
    const simulation = createWorkloadSimulation(missing, {});
    simulation.submitAll();

    const record = await simulation.run();

    const qc = record.jobs.filter((j) => j.jobDefinition.endsWith('job-definition/qc:2'));
    expect(qc).toHaveLength(20);
    for (const job of qc) {
      expect(job.status).toBe('FAILED');
      expect(classified(job.attempts[0] as { statusReason: string }).cause).toBe('image-not-found');
      expect(simulation.canSucceed(job.rootJobId)).toBe(false);
    }
    expect(record.jobs.filter((j) => j.status === 'SUCCEEDED')).toHaveLength(180);
  });
});
