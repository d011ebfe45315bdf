import type { NormalisedJob } from '../events/types.js';

/** Reads one job as AWS Batch describes it now (DescribeJobs), normalised as its events are. */
export interface JobLookupPort {
  /**
   * The job `jobId`, or undefined when Batch does not know it (never submitted, or finished more
   * than the 7 days or so Batch keeps jobs).
   */
  describeJob(jobId: string): Promise<NormalisedJob | undefined>;
}
