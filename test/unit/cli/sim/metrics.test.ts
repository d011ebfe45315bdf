import { describe, expect, it } from 'vitest';
import { computeMetrics, type Pricing, percentile } from '#cli/sim/metrics.js';
import type { RecordedAttempt, RecordedJob, RunRecord } from '#cli/sim/run-record.js';

const H = 3_600_000;

function attempt(
  outcome: RecordedAttempt['outcome'],
  startingAt: number,
  stoppedAt: number,
  number = 1,
): RecordedAttempt {
  return {
    number,
    lineageNumber: number,
    outcome,
    succeeded: outcome === 'succeed',
    statusReason: 'Essential container in task exited',
    taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/t',
    startingAt,
    startedAt: startingAt,
    stoppedAt,
  };
}

function job(
  jobId: string,
  rootJobId: string,
  queueName: string,
  resources: { vcpus: number; memoryMiB: number },
  createdAt: number,
  attempts: RecordedAttempt[],
): RecordedJob {
  const succeeded = attempts.some((a) => a.succeeded);
  return {
    jobId,
    jobArn: `arn:aws:batch:us-east-1:123456789012:job/${jobId}`,
    jobName: 'j',
    jobQueue: `arn:aws:batch:us-east-1:123456789012:job-queue/${queueName}`,
    queueName,
    jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/d:1',
    platform: 'EC2',
    ...resources,
    tags: {},
    rootJobId,
    createdAt,
    status: succeeded ? 'SUCCEEDED' : 'FAILED',
    stoppedAt: attempts.at(-1)?.stoppedAt ?? createdAt,
    attempts,
  };
}

const pricing: Pricing = {
  spotQueues: ['spot'],
  spot: { perVcpuHour: 0.01, perGiBHour: 0.001 },
  onDemand: { perVcpuHour: 0.04, perGiBHour: 0.004 },
};

// Lineage a: reclaimed on Spot (1 h), resubmitted on demand with 8 GiB, succeeds (1 h) at 3 h.
// Lineage b: exits 1 (0.5 h), Batch retries, succeeds (1 h) at 1.5 h.
// Lineage c: out of memory after 0.25 h, gives up.
const record: RunRecord = {
  startedAt: 0,
  endedAt: 3 * H,
  jobs: [
    job('a', 'a', 'spot', { vcpus: 2, memoryMiB: 4096 }, 0, [attempt('spot-reclaim', 0, H)]),
    job('b', 'b', 'spot', { vcpus: 1, memoryMiB: 2048 }, 0, [
      attempt('app-exit', 0, 0.5 * H),
      attempt('succeed', 0.5 * H, 1.5 * H, 2),
    ]),
    job('c', 'c', 'spot', { vcpus: 1, memoryMiB: 1024 }, 0, [attempt('out-of-memory', 0, 0.25 * H)]),
    job('a2', 'a', 'on-demand', { vcpus: 2, memoryMiB: 8192 }, 1.5 * H, [attempt('succeed', 2 * H, 3 * H)]),
  ],
};

describe('computeMetrics', () => {
  it('counts jobs by lineage and computes hours, cost and time to success on a hand-checked run', () => {
    const m = computeMetrics(record, pricing, {
      alertKinds: ['GAVE_UP', 'BREAKER_OPEN', 'GAVE_UP', 'GAVE_UP'],
    });

    expect(m).toMatchObject({
      jobs: 3,
      succeeded: 2,
      gaveUp: 1,
      submissions: 4,
      attempts: 5,
      attemptsByOutcome: {
        succeed: 2,
        'spot-reclaim': 1,
        'image-pull-failure': 0,
        'out-of-memory': 1,
        'app-exit': 1,
        timeout: 0,
      },
      alerts: 4,
      alertsByKind: { GAVE_UP: 3, BREAKER_OPEN: 1 },
      recoverableLost: 1,
      unrecoverable: 0,
      p50TimeToSuccessMinutes: 90,
      p95TimeToSuccessMinutes: 180,
    });
    expect(m.successRate).toBeCloseTo(2 / 3, 10);
    expect(m.computeHours).toBeCloseTo(3.75, 10);
    expect(m.wastedComputeHours).toBeCloseTo(1.75, 10);
    // a: 1 h x (2 x 0.01 + 4 x 0.001) + 1 h x (2 x 0.04 + 8 x 0.004); b: 1.5 h x 0.012; c: 0.25 h x 0.011
    expect(m.cost).toBeCloseTo(0.024 + 0.112 + 0.018 + 0.00275, 10);
    expect(m.wastedCost).toBeCloseTo(0.024 + 0.006 + 0.00275, 10);
  });

  it('tells the lost jobs that could have succeeded from those no retry could save', () => {
    const m = computeMetrics(record, pricing, { canSucceed: (root) => root !== 'c' });
    const all = computeMetrics(record, pricing, { canSucceed: (root) => root !== 'a' });

    expect(m).toMatchObject({ gaveUp: 1, recoverableLost: 0, unrecoverable: 1 });
    expect(all).toMatchObject({ gaveUp: 1, recoverableLost: 1, unrecoverable: 1 });
  });

  it('reports no time to success when nothing succeeded', () => {
    const m = computeMetrics({ startedAt: 0, endedAt: H, jobs: [record.jobs[2] as RecordedJob] }, pricing);

    expect(m).toMatchObject({
      successRate: 0,
      p50TimeToSuccessMinutes: null,
      p95TimeToSuccessMinutes: null,
      alerts: 0,
    });
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);

    expect(percentile(sorted, 0.5)).toBe(10);
    expect(percentile(sorted, 0.95)).toBe(19);
    expect(percentile([], 0.5)).toBeNull();
  });
});
