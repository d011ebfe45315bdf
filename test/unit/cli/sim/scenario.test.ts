import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimulationInputError } from '#cli/sim/errors.js';
import { parseScenario, type Scenario } from '#cli/sim/scenario.js';
import { createScenarioSimulation } from '#cli/sim/scenario-simulation.js';
import { parseEvent } from '#core/events/parse.js';

function example(name: string): Scenario {
  const path = new URL(`../../../../examples/scenarios/${name}.json`, import.meta.url);
  return parseScenario(JSON.parse(readFileSync(path, 'utf8')), `${name}.json`);
}

async function timeline(scenario: Scenario, seed?: number) {
  const events: unknown[] = [];
  const sim = createScenarioSimulation(scenario, {
    ...(seed === undefined ? {} : { seed }),
    sinks: [(e) => void events.push(e)],
  });
  await sim.submit();
  const record = await sim.run();
  const jobs = events.map((e, i) => parseEvent(e, `event ${i}`));
  return { jobs, record };
}

function problemsOf(value: unknown): { field: string; problem: string }[] {
  try {
    parseScenario(value, 'bad.json');
  } catch (error) {
    if (error instanceof SimulationInputError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the scenario to be rejected');
}

const validJob = {
  jobName: 'nightly',
  jobQueue: 'q',
  jobDefinition: 'def:1',
  memoryMiB: 1024,
  vcpus: 1,
  platform: 'EC2',
};

describe('example scenarios under native Batch with no retryStrategy', () => {
  it('spot-reclaim: one attempt, the host terminated, the job FAILED', async () => {
    const { jobs, record } = await timeline(example('spot-reclaim'));

    expect(jobs.map((j) => j.status)).toEqual(['RUNNABLE', 'STARTING', 'RUNNING', 'FAILED']);
    expect(jobs.at(-1)?.statusReason).toMatch(/^Host EC2 \(instance i-0[0-9a-f]{16}\) terminated\.$/);
    expect(jobs.at(-1)?.attempts[0]?.exitCode).toBeUndefined();
    expect(record.jobs).toHaveLength(1);
  });

  it('random-exit-codes: seed 3 draws exit 1 first, so the single attempt FAILED with exit 1', async () => {
    const { jobs } = await timeline(example('random-exit-codes'));

    expect(jobs.map((j) => j.status)).toEqual(['RUNNABLE', 'STARTING', 'RUNNING', 'FAILED']);
    expect(jobs.at(-1)?.statusReason).toBe('Essential container in task exited');
    expect(jobs.at(-1)?.attempts[0]?.exitCode).toBe(1);
    expect(jobs.at(-1)?.platform).toBe('FARGATE');
  });

  it('image-pull-failure: the task never starts and fails with CannotPullContainerError', async () => {
    const { jobs } = await timeline(example('image-pull-failure'));

    expect(jobs.map((j) => j.status)).toEqual(['RUNNABLE', 'STARTING', 'FAILED']);
    const failed = jobs.at(-1);
    expect(failed?.statusReason).toBe('Task failed to start');
    expect(failed?.attempts[0]?.containerReason).toMatch(/^CannotPullContainerError: /);
    expect(failed?.attempts[0]?.startedAt).toBeUndefined();
    expect(failed?.startedAt).toBeUndefined();
  });
});

describe('scenario scripts across attempts', () => {
  it('continues the script on native retries: the Spot scenario succeeds on its second attempt', async () => {
    const spot = example('spot-reclaim');
    const withRetries: Scenario = { ...spot, job: { ...spot.job, retryStrategy: { attempts: 3 } } };

    const { record } = await timeline(withRetries);

    expect(record.jobs[0]?.status).toBe('SUCCEEDED');
    expect(record.jobs[0]?.attempts.map((a) => a.outcome)).toEqual(['spot-reclaim', 'succeed']);
  });

  it('repeats the last scripted outcome: the image never pulls, however often Batch retries', async () => {
    const pull = example('image-pull-failure');
    const withRetries: Scenario = { ...pull, job: { ...pull.job, retryStrategy: { attempts: 4 } } };

    const { record } = await timeline(withRetries);

    expect(record.jobs[0]?.attempts.map((a) => a.outcome)).toEqual(Array(4).fill('image-pull-failure'));
  });

  it('draws random exit codes from the seed: 1, 1 and then 0 for seed 3', async () => {
    const random = example('random-exit-codes');
    const withRetries: Scenario = { ...random, job: { ...random.job, retryStrategy: { attempts: 10 } } };

    const first = await timeline(withRetries);
    const again = await timeline(withRetries);
    const other = await timeline(withRetries, 5);

    expect(first.record.jobs[0]?.attempts.map((a) => a.exitCode)).toEqual([1, 1, 0]);
    expect(again.record.jobs[0]?.attempts).toEqual(first.record.jobs[0]?.attempts);
    expect(other.record.jobs[0]?.attempts.map((a) => a.exitCode)).toEqual([2, 1, 1, 1, 1, 3, 2, 0]);
  });

  it('stops a timeout outcome at the job timeout', async () => {
    const scenario = parseScenario(
      { name: 't', job: { ...validJob, timeoutSeconds: 900 }, attempts: [{ outcome: 'timeout' }] },
      't.json',
    );

    const { jobs } = await timeline(scenario);

    const failed = jobs.at(-1);
    expect(failed?.statusReason).toBe('Job attempt duration exceeded timeout');
    expect((failed?.stoppedAt ?? 0) - (failed?.startedAt ?? 0)).toBe(900_000);
  });
});

describe('parseScenario', () => {
  it('reads a scripted scenario, defaulting to repeat the last outcome', () => {
    const scenario = parseScenario(
      { name: 's', job: validJob, attempts: [{ outcome: 'succeed' }] },
      's.json',
    );

    expect(scenario).toMatchObject({ name: 's', afterScript: 'repeat-last' });
  });

  it('names the path of an app-exit attempt without an exit code', () => {
    const problems = problemsOf({
      name: 's',
      job: validJob,
      attempts: [{ outcome: 'succeed' }, { outcome: 'app-exit' }],
    });

    expect(problems).toEqual([
      { field: 'attempts[1].exitCode', problem: expect.stringContaining('needs its exit code') },
    ]);
  });

  it('names every bad field with its path', () => {
    const problems = problemsOf({
      name: 's',
      job: { ...validJob, memoryMiB: -1, platform: 'EKS', retryStrategy: { attempts: 11 } },
      random: { exitCodes: [] },
      colour: 'red',
    });

    expect(problems.map((p) => p.field).sort()).toEqual([
      '',
      'job.memoryMiB',
      'job.platform',
      'job.retryStrategy.attempts',
      'random.exitCodes',
    ]);
    expect(problems.find((p) => p.field === '')?.problem).toBe('has unknown field colour');
  });

  it('reads the job tags, and refuses a reserved aws: key and fixedAtMemoryMiB outside an out-of-memory attempt', () => {
    const scenario = parseScenario(
      { name: 's', job: { ...validJob, tags: { env: 'production' } }, attempts: [{ outcome: 'succeed' }] },
      's.json',
    );
    const problems = problemsOf({
      name: 's',
      job: { ...validJob, tags: { 'aws:owner': 'me' } },
      attempts: [{ outcome: 'spot-reclaim', fixedAtMemoryMiB: 8192 }],
    });

    expect(scenario.job.tags).toEqual({ env: 'production' });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'attempts[0].fixedAtMemoryMiB',
      'job.tags.aws:owner',
    ]);
  });

  it('refuses a scenario with both a script and a random form', () => {
    const problems = problemsOf({
      name: 's',
      job: validJob,
      attempts: [{ outcome: 'succeed' }],
      random: { exitCodes: [0] },
    });

    expect(problems).toEqual([{ field: '', problem: expect.stringContaining('exactly one') }]);
  });

  it('says which file is wrong in the error message', () => {
    expect(() => parseScenario({ name: 's' }, 'mine.json')).toThrow(/^mine\.json: job: is missing/);
  });
});
