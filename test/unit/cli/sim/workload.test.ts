import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATION_START } from '#adapters/memory/index.js';
import { SimulationInputError } from '#cli/sim/errors.js';
import type { SimulatedJob } from '#cli/sim/simulated-job.js';
import { parseWorkload, type Workload } from '#cli/sim/workload.js';
import { jobTraits } from '#cli/sim/workload-jobs.js';
import { workloadOutcomes } from '#cli/sim/workload-outcomes.js';
import { World } from '#cli/sim/world.js';

const raw: unknown = JSON.parse(
  readFileSync(new URL('../../../../examples/workloads/spot-heavy.json', import.meta.url), 'utf8'),
);

function problemsOf(value: unknown): { field: string; problem: string }[] {
  try {
    parseWorkload(value, 'bad.json');
  } catch (error) {
    if (error instanceof SimulationInputError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the workload to be rejected');
}

function jobOn(queueName: string, memoryMiB: number): SimulatedJob {
  return {
    jobId: 'root',
    jobArn: 'arn:aws:batch:us-east-1:123456789012:job/root',
    jobName: 'render-0001',
    jobQueue: `arn:aws:batch:us-east-1:123456789012:job-queue/${queueName}`,
    queueName,
    jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/render:3',
    platform: 'EC2',
    memoryMiB,
    vcpus: 2,
    tags: {},
    rootJobId: 'root',
    createdAt: 0,
    status: 'STARTING',
  };
}

describe('parseWorkload', () => {
  it('reads the spot-heavy example', () => {
    const workload = parseWorkload(structuredClone(raw), 'spot-heavy.json');

    expect(workload).toMatchObject({ jobs: 2000, failures: { spotReclaim: 0.25 } });
  });

  it('names the path of every invalid value, field by field and across fields', () => {
    const bad = structuredClone(raw) as {
      jobs: number;
      failures: { outOfMemory: { fixedAtMemoryMiB: number }; spotReclaim: number };
      runTime: { p95Minutes: number };
    };
    bad.jobs = 0;
    bad.failures.outOfMemory.fixedAtMemoryMiB = 2048;
    bad.failures.spotReclaim = 0.95;
    bad.runTime.p95Minutes = 10;

    const problems = problemsOf(bad);

    expect(problems.map((p) => p.field)).toEqual([
      'jobs',
      'failures',
      'failures.outOfMemory.fixedAtMemoryMiB',
      'runTime.p95Minutes',
    ]);
    expect(problems[1]?.problem).toMatch(/must add up to at most 1/);
    expect(problems[2]?.problem).toMatch(/not above job.memoryMiB \(4096\)/);
  });

  it('refuses unknown fields, so a typo cannot silently change a workload', () => {
    const bad = { ...(structuredClone(raw) as object), failure: {} };

    expect(problemsOf(bad)).toEqual([{ field: '', problem: 'has unknown field failure' }]);
  });
});

describe('workloadOutcomes', () => {
  const workload = parseWorkload(structuredClone(raw), 'spot-heavy.json');
  const AT = { startingAt: DEFAULT_SIMULATION_START, runningAt: DEFAULT_SIMULATION_START + 30_000 };

  /** The outcome model of the workload, every lineage belonging to workload job `index`. */
  function modelFor(index: number | undefined, seed = 1, of: Workload = workload) {
    const world = new World(of.capacity, of.incidents, DEFAULT_SIMULATION_START);
    return workloadOutcomes(
      of,
      seed,
      world,
      (i) => jobTraits(of, seed, i),
      () => index,
    );
  }

  it('gives the same outcome for the same job index and lineage attempt', () => {
    const model = modelFor(17, 42);
    const again = modelFor(17, 42);

    const outcomes = [1, 2, 3, 4, 5].map((n) => model(jobOn('prod-spot', 4096), 1, n, AT));

    expect([1, 2, 3, 4, 5].map((n) => again(jobOn('prod-spot', 4096), 1, n, AT))).toEqual(outcomes);
  });

  it('never reclaims a job on the on-demand queue', () => {
    const kinds = new Set<string>();
    for (let index = 0; index < 400; index++) {
      kinds.add(modelFor(index)(jobOn('prod-ondemand', 8192), 1, 1, AT).kind);
    }

    expect(kinds.has('spot-reclaim')).toBe(false);
    expect(kinds.has('succeed')).toBe(true);
  });

  it('stops out-of-memory kills once the job has the memory it needs', () => {
    let oomJobs = 0;
    for (let index = 0; index < 400; index++) {
      const model = modelFor(index);
      const small = model(jobOn('prod-ondemand', 4096), 1, 1, AT).kind;
      const large = model(jobOn('prod-ondemand', 8192), 1, 1, AT).kind;
      if (small === 'out-of-memory') {
        oomJobs++;
        expect(large).not.toBe('out-of-memory');
      }
    }

    expect(oomJobs).toBeGreaterThan(5);
  });

  it('refuses a job that belongs to no lineage of the workload', () => {
    expect(() => modelFor(undefined)(jobOn('prod-spot', 4096), 1, 1, AT)).toThrow(/batch-retry:root-job-id/);
  });
});
