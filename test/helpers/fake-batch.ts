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
 * clock's time, and findJobsByName finds jobs by queue, name and creation time, with their tags (as
 * ListJobs + DescribeJobs would), among the jobs it created and the ones a test says already exist.
 * Real Batch keeps the failed job itself and earlier runs of a recurring job name, which carry the
 * same name: `alreadyExists` puts such jobs in the queue, so a lookup must tell them from the child.
 * Set `rejectWith` to make SubmitJob throw; `inFlight` runs inside SubmitJob before Batch creates the
 * job (a call that is slow to land: the job becomes visible and the answer comes only after it).
 */
export class FakeBatch implements BatchPort {
  /** Every job SubmitJob created, in order. */
  readonly jobs: FakeBatchJob[] = [];
  /** While set, SubmitJob throws it and creates nothing. */
  rejectWith: Error | undefined;
  /** Called inside SubmitJob before the job is created (a slow call; other workers run meanwhile). */
  inFlight: ((request: SubmitJobInput) => Promise<void>) | undefined;
  readonly #others: (FoundJob & { readonly jobQueue: string })[] = [];
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The request of every job SubmitJob created, in order. */
  get submitted(): readonly SubmitJobInput[] {
    return this.jobs.map((job) => job.request);
  }

  /** Jobs that exist in Batch without the fake having created them (the failed job, earlier runs). */
  alreadyExists(...jobs: readonly (FoundJob & { readonly jobQueue: string })[]): void {
    this.#others.push(...jobs);
  }

  async submitJob(input: SubmitJobInput): Promise<SubmittedJob> {
    if (this.rejectWith !== undefined) throw this.rejectWith;
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    await inFlight?.(input);
    const jobId = `child-${this.jobs.length + 1}`;
    const job: FakeBatchJob = {
      jobId,
      jobName: input.jobName,
      jobQueue: input.jobQueue,
      createdAt: this.#clock.now(),
      tags: { ...input.tags },
      request: structuredClone(input),
    };
    this.jobs.push(job);
    return { jobId, jobName: input.jobName };
  }

  async findJobsByName(query: Parameters<BatchPort['findJobsByName']>[0]): Promise<readonly FoundJob[]> {
    return [...this.#others, ...this.jobs]
      .filter((j) => j.jobQueue === query.jobQueue && j.jobName === query.jobName)
      .filter((j) => (j.createdAt ?? 0) >= query.createdAfter)
      .map(({ jobId, jobName, createdAt, tags }) => ({
        jobId,
        jobName,
        tags,
        ...(createdAt === undefined ? {} : { createdAt }),
      }));
  }
}
