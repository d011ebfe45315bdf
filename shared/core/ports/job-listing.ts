/**
 * What the reconcile sweep reads of AWS Batch: the FAILED jobs of a queue (ListJobs, which returns no
 * tags) and their full details (DescribeJobs, which does). Declared here so that the core never
 * imports the AWS SDK; `shared/adapters/aws/batch/` implements it.
 */

/** One FAILED job as ListJobs summarises it. Times are epoch milliseconds. */
export interface FailedJobSummary {
  readonly jobId: string;
  readonly createdAt?: number;
  /** Absent on a job that failed without ever starting (cancelled while RUNNABLE, a failed dependency). */
  readonly stoppedAt?: number;
}

/** One page of a listing, and the token of the next one (absent on the last page). */
export interface FailedJobsPage {
  readonly jobs: readonly FailedJobSummary[];
  readonly nextToken?: string;
}

export interface JobListingPort {
  /** The names of every job queue of the account and region (for "watch every queue"). */
  listJobQueues(): Promise<readonly string[]>;
  /** One page (at most 100) of the FAILED jobs of `jobQueue` (a name or ARN). */
  listFailedJobs(jobQueue: string, nextToken?: string): Promise<FailedJobsPage>;
  /**
   * The details of up to 100 jobs, as DescribeJobs returns them (the shape of an event's `detail`,
   * tags included). A job Batch no longer knows is left out.
   */
  describeJobs(jobIds: readonly string[]): Promise<readonly unknown[]>;
}
