import type { BatchPort, FoundJob, SubmitJobInput, SubmittedJob } from '#core/ports/batch.js';
import type { Clock } from '#core/ports/clock.js';

/** A job the fake created, as it remembers it: what findJobsByName returns, its queue and its request. */
export interface FakeBatchJob extends FoundJob {
  readonly jobQueue: string;
  /** A copy of the SubmitJob request that created the job. */
  readonly request: SubmitJobInput;
}

/**
 * An in-memory AWS Batch for tests: SubmitJob creates a job `child-<n>` (n from 1, in order) at the
 * clock's time, and findJobsByName finds the jobs it created by queue, name and creation time, with
 * their tags (as ListJobs + DescribeJobs would). Set `rejectWith` to make SubmitJob throw.
 */
export class FakeBatch implements BatchPort {
  /** Every job SubmitJob created, in order. */
  readonly jobs: FakeBatchJob[] = [];
  /** While set, SubmitJob throws it and creates nothing. */
  rejectWith: Error | undefined;
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The request of every job SubmitJob created, in order. */
  get submitted(): readonly SubmitJobInput[] {
    return this.jobs.map((job) => job.request);
  }

  async submitJob(input: SubmitJobInput): Promise<SubmittedJob> {
    if (this.rejectWith !== undefined) throw this.rejectWith;
    const jobId = `child-${this.jobs.length + 1}`;
    this.jobs.push({
      jobId,
      jobName: input.jobName,
      jobQueue: input.jobQueue,
      createdAt: this.#clock.now(),
      tags: { ...input.tags },
      request: structuredClone(input),
    });
    return { jobId, jobName: input.jobName };
  }

  async findJobsByName(query: Parameters<BatchPort['findJobsByName']>[0]): Promise<readonly FoundJob[]> {
    return this.jobs
      .filter((j) => j.jobQueue === query.jobQueue && j.jobName === query.jobName)
      .filter((j) => (j.createdAt ?? 0) >= query.createdAfter)
      .map(({ jobQueue: _queue, request: _request, ...found }) => found);
  }
}
