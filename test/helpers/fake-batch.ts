import type { BatchPort, FoundJob, SubmitJobInput, SubmittedJob } from '../../shared/ports/batch.js';
import type { Clock } from '../../shared/ports/clock.js';

/** A submitted job as the fake remembers it. */
export interface FakeBatchJob extends FoundJob {
  readonly jobQueue: string;
  readonly request: SubmitJobInput;
}

/**
 * An in-memory AWS Batch for tests: SubmitJob creates a job with a sequential id, and
 * findJobsByName answers from what was submitted (with tags, as DescribeJobs would).
 */
export class FakeBatch implements BatchPort {
  readonly jobs: FakeBatchJob[] = [];

  constructor(private readonly clock: Clock) {}

  async submitJob(input: SubmitJobInput): Promise<SubmittedJob> {
    const jobId = `child-${String(this.jobs.length + 1).padStart(4, '0')}`;
    this.jobs.push({
      jobId,
      jobName: input.jobName,
      jobQueue: input.jobQueue,
      createdAt: this.clock.now(),
      tags: { ...input.tags },
      request: structuredClone(input),
    });
    return { jobId, jobName: input.jobName };
  }

  async findJobsByName(query: {
    readonly jobQueue: string;
    readonly jobName: string;
    readonly createdAfter: number;
  }): Promise<readonly FoundJob[]> {
    return this.jobs.filter(
      (j) =>
        j.jobQueue === query.jobQueue &&
        j.jobName === query.jobName &&
        (j.createdAt ?? 0) >= query.createdAfter,
    );
  }
}
