import {
  type BatchClient,
  DescribeJobsCommand,
  ListJobsCommand,
  SubmitJobCommand,
} from '@aws-sdk/client-batch';
import type { BatchPort, FoundJob, SubmitJobInput, SubmittedJob } from '#core/ports/index.js';
import { toBatchError } from './errors.js';
import { toSubmitJobCommandInput } from './submit-input.js';

/** DescribeJobs accepts at most 100 job ids per call; ListJobs with a filter returns at most 100 per page. */
const PAGE_SIZE = 100;

/**
 * `BatchPort` on AWS Batch. Errors come out as `BatchRejectedError` (permanent, e.g.
 * `ClientException`) or `BatchUnavailableError` (transient: throttling, 5xx, network).
 *
 * `findJobsByName` relies on these ListJobs facts (Batch API reference, `ListJobsRequest.filters`):
 * only one filter per call (Batch answers `Only one filter key-value pair can be specified.` to two),
 * so the `JOB_NAME` filter is sent and the creation time is checked here; `JOB_NAME` matches
 * case-insensitively, so names are compared exactly here; with a filter, jobs of every status are
 * returned. All pages are read: the lookup only runs after a crash, where completeness matters more
 * than the number of calls.
 */
export function createBatchAdapter(client: BatchClient): BatchPort {
  return {
    async submitJob(input: SubmitJobInput): Promise<SubmittedJob> {
      const subject = `job "${input.jobName}" (queue ${input.jobQueue}, definition ${input.jobDefinition})`;
      try {
        const output = await client.send(new SubmitJobCommand(toSubmitJobCommandInput(input)));
        if (output.jobId === undefined) {
          throw new Error('SubmitJob returned no jobId');
        }
        return {
          jobId: output.jobId,
          jobName: output.jobName ?? input.jobName,
          ...(output.jobArn === undefined ? {} : { jobArn: output.jobArn }),
        };
      } catch (error) {
        throw toBatchError(error, 'SubmitJob', subject);
      }
    },

    async findJobsByName(query): Promise<readonly FoundJob[]> {
      const jobIds = await listJobIds(client, query);
      const found: FoundJob[] = [];
      for (let start = 0; start < jobIds.length; start += PAGE_SIZE) {
        const chunk = jobIds.slice(start, start + PAGE_SIZE);
        found.push(...(await describeJobs(client, chunk, query.jobName)));
      }
      return found;
    },
  };
}

async function describeJobs(client: BatchClient, jobIds: string[], jobName: string): Promise<FoundJob[]> {
  try {
    const output = await client.send(new DescribeJobsCommand({ jobs: jobIds }));
    return (output.jobs ?? []).flatMap((job) =>
      job.jobId === undefined
        ? []
        : [
            {
              jobId: job.jobId,
              jobName: job.jobName ?? jobName,
              ...(job.createdAt === undefined ? {} : { createdAt: job.createdAt }),
              tags: job.tags ?? {},
            },
          ],
    );
  } catch (error) {
    throw toBatchError(error, 'DescribeJobs', `${jobIds.length} job(s) named "${jobName}"`);
  }
}

async function listJobIds(
  client: BatchClient,
  query: { readonly jobQueue: string; readonly jobName: string; readonly createdAfter: number },
): Promise<string[]> {
  const jobIds: string[] = [];
  let nextToken: string | undefined;
  do {
    try {
      const page = await client.send(
        new ListJobsCommand({
          jobQueue: query.jobQueue,
          filters: [{ name: 'JOB_NAME', values: [query.jobName] }],
          maxResults: PAGE_SIZE,
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      );
      for (const summary of page.jobSummaryList ?? []) {
        const createdInWindow = summary.createdAt === undefined || summary.createdAt >= query.createdAfter;
        if (summary.jobId !== undefined && summary.jobName === query.jobName && createdInWindow) {
          jobIds.push(summary.jobId);
        }
      }
      nextToken = page.nextToken;
    } catch (error) {
      throw toBatchError(error, 'ListJobs', `jobs named "${query.jobName}" in queue ${query.jobQueue}`);
    }
  } while (nextToken !== undefined);
  return jobIds;
}

/**
 * The job detail DescribeJobs returns for `jobId` (the same shape as an event's `detail`, which
 * `parseEvent` reads), or undefined when Batch no longer knows the job (it keeps finished jobs for
 * at least 7 days). For tools that must learn a job's lineage from its tags.
 */
export async function describeJobDetail(client: BatchClient, jobId: string): Promise<unknown> {
  try {
    const output = await client.send(new DescribeJobsCommand({ jobs: [jobId] }));
    return output.jobs?.[0];
  } catch (error) {
    throw toBatchError(error, 'DescribeJobs', `job ${jobId}`);
  }
}
