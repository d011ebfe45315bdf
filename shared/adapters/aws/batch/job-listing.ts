import {
  type BatchClient,
  DescribeJobQueuesCommand,
  DescribeJobsCommand,
  ListJobsCommand,
} from '@aws-sdk/client-batch';
import type { FailedJobsPage, JobListingPort } from '#core/ports/index.js';
import { toBatchError } from './errors.js';

/** ListJobs returns at most 100 jobs per page; DescribeJobs takes at most 100 ids. */
const PAGE_SIZE = 100;

/**
 * `JobListingPort` on AWS Batch, for the reconcile sweep. ListJobs is called with `jobStatus: FAILED`
 * and no filter (with a filter Batch ignores `jobStatus` and returns every status); its summaries
 * carry no tags, so the sweep reads those with DescribeJobs. Errors come out as
 * `BatchRejectedError` or `BatchUnavailableError`, as in the SubmitJob adapter.
 */
export function createJobListing(client: BatchClient): JobListingPort {
  return {
    async listJobQueues(): Promise<readonly string[]> {
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        try {
          const page = await client.send(
            new DescribeJobQueuesCommand({
              maxResults: PAGE_SIZE,
              ...(nextToken === undefined ? {} : { nextToken }),
            }),
          );
          for (const queue of page.jobQueues ?? [])
            if (queue.jobQueueName !== undefined) names.push(queue.jobQueueName);
          nextToken = page.nextToken;
        } catch (error) {
          throw toBatchError(error, 'DescribeJobQueues', 'the job queues of the account');
        }
      } while (nextToken !== undefined);
      return names;
    },

    async listFailedJobs(jobQueue: string, nextToken?: string): Promise<FailedJobsPage> {
      try {
        const page = await client.send(
          new ListJobsCommand({
            jobQueue,
            jobStatus: 'FAILED',
            maxResults: PAGE_SIZE,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
        );
        return {
          jobs: (page.jobSummaryList ?? []).flatMap((summary) =>
            summary.jobId === undefined
              ? []
              : [
                  {
                    jobId: summary.jobId,
                    ...(summary.createdAt === undefined ? {} : { createdAt: summary.createdAt }),
                    ...(summary.stoppedAt === undefined ? {} : { stoppedAt: summary.stoppedAt }),
                  },
                ],
          ),
          ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
        };
      } catch (error) {
        throw toBatchError(error, 'ListJobs', `the FAILED jobs of queue ${jobQueue}`);
      }
    },

    async describeJobs(jobIds: readonly string[]): Promise<readonly unknown[]> {
      if (jobIds.length === 0) return [];
      try {
        const output = await client.send(new DescribeJobsCommand({ jobs: [...jobIds] }));
        return output.jobs ?? [];
      } catch (error) {
        throw toBatchError(error, 'DescribeJobs', `${jobIds.length} failed job(s)`);
      }
    },
  };
}
