import type { BatchClient } from '@aws-sdk/client-batch';
import { parseEvent } from '#core/events/index.js';
import type { JobLookupPort } from '#core/ports/index.js';
import { describeJobDetail } from './batch-adapter.js';

/**
 * `JobLookupPort` on AWS Batch: DescribeJobs for one job, its detail normalised as an event's is
 * (`parseEvent`), so its tags name its lineage as they would in its events.
 */
export function createBatchJobLookup(client: BatchClient): JobLookupPort {
  return {
    async describeJob(jobId: string) {
      const detail = await describeJobDetail(client, jobId);
      return detail === undefined ? undefined : parseEvent(detail, `job ${jobId}`);
    },
  };
}
