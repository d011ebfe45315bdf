import {
  BatchClient,
  ClientException,
  DescribeJobsCommand,
  type JobDetail,
  ListJobsCommand,
  ServerException,
  SubmitJobCommand,
} from '@aws-sdk/client-batch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createBatchAdapter } from '#adapters/aws/batch/batch-adapter.js';
import { BatchRejectedError, BatchUnavailableError } from '#adapters/aws/batch/errors.js';
import type { SubmitJobInput } from '#core/ports/batch.js';

const batchMock = mockClient(BatchClient);
const QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue';

const REQUEST: SubmitJobInput = {
  jobName: 'genome-align-chr7',
  jobQueue: QUEUE,
  jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/genome-align-chr7:7',
  tags: { 'batch-retry:root-job-id': 'root-0000' },
  retryStrategy: { attempts: 2, evaluateOnExit: [{ onExitCode: '137', action: 'exit' }] },
  containerOverrides: { resourceRequirements: [{ type: 'MEMORY', value: '16384' }] },
  nodeOverrides: {
    numNodes: 3,
    nodePropertyOverrides: [{ targetNodes: '0:', instanceTypes: ['c5n.4xlarge'] }],
  },
};

/** A DescribeJobs job with the fields the SDK type requires; `fields` override them. */
function describedJob(fields: Partial<JobDetail>): JobDetail {
  return {
    jobId: 'x',
    jobName: 'genome-align-chr7',
    jobQueue: QUEUE,
    status: 'SUCCEEDED',
    startedAt: 0,
    jobDefinition: 'genome-align-chr7:7',
    ...fields,
  };
}

function sdkError(name: string, status: number, fault: 'client' | 'server', message: string): Error {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

afterEach(() => {
  batchMock.reset();
});

describe('createBatchAdapter().submitJob', () => {
  it('sends the request as SubmitJob and returns the new job id, name and ARN', async () => {
    batchMock
      .on(SubmitJobCommand)
      .resolves({ jobId: 'new-1', jobName: 'genome-align-chr7', jobArn: 'arn:new-1' });

    const submitted = await createBatchAdapter(new BatchClient({})).submitJob(REQUEST);

    expect(submitted).toEqual({ jobId: 'new-1', jobName: 'genome-align-chr7', jobArn: 'arn:new-1' });
    expect(batchMock).toHaveReceivedCommandWith(SubmitJobCommand, {
      jobName: 'genome-align-chr7',
      jobQueue: QUEUE,
      jobDefinition: REQUEST.jobDefinition,
      tags: { 'batch-retry:root-job-id': 'root-0000' },
      retryStrategy: { attempts: 2, evaluateOnExit: [{ onExitCode: '137', action: 'EXIT' }] },
      containerOverrides: { resourceRequirements: [{ type: 'MEMORY', value: '16384' }] },
      nodeOverrides: {
        numNodes: 3,
        nodePropertyOverrides: [{ targetNodes: '0:', instanceTypes: ['c5n.4xlarge'] }],
      },
    });
  });

  it('reports throttling as a transient error that keeps the SDK error as its cause', async () => {
    const throttled = sdkError('TooManyRequestsException', 429, 'client', 'Too Many Requests');
    batchMock.on(SubmitJobCommand).rejects(throttled);

    const failure = createBatchAdapter(new BatchClient({})).submitJob(REQUEST);

    await expect(failure).rejects.toBeInstanceOf(BatchUnavailableError);
    await expect(failure).rejects.toMatchObject({ transient: true, cause: throttled });
  });

  it('reports a server exception as transient', async () => {
    batchMock
      .on(SubmitJobCommand)
      .rejects(new ServerException({ message: 'internal', $metadata: { httpStatusCode: 500 } }));

    await expect(createBatchAdapter(new BatchClient({})).submitJob(REQUEST)).rejects.toMatchObject({
      transient: true,
      code: 'ServerException',
    });
  });

  it('reports a network failure without an HTTP response as transient', async () => {
    batchMock
      .on(SubmitJobCommand)
      .rejects(Object.assign(new Error('socket hang up'), { name: 'ECONNRESET' }));

    await expect(createBatchAdapter(new BatchClient({})).submitJob(REQUEST)).rejects.toMatchObject({
      transient: true,
    });
  });

  it('reports a deregistered job definition as a permanent error that names the job and the next step', async () => {
    batchMock.on(SubmitJobCommand).rejects(
      new ClientException({
        message: 'Job definition genome-align-chr7:7 is INACTIVE',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const failure = createBatchAdapter(new BatchClient({})).submitJob(REQUEST);

    await expect(failure).rejects.toBeInstanceOf(BatchRejectedError);
    await expect(failure).rejects.toMatchObject({
      transient: false,
      batchMessage: 'Job definition genome-align-chr7:7 is INACTIVE',
    });
    await expect(failure).rejects.toThrow(
      /rejected SubmitJob for job "genome-align-chr7" \(queue .*spot-queue, definition .*:7\).*INACTIVE.*ACTIVE/,
    );
  });
});

describe('createBatchAdapter().findJobsByName', () => {
  const query = { jobQueue: QUEUE, jobName: 'genome-align-chr7', createdAfter: 1_000 };

  it('lists by job name only, since ListJobs takes a single filter', async () => {
    batchMock.on(ListJobsCommand).resolves({ jobSummaryList: [] });

    const found = await createBatchAdapter(new BatchClient({})).findJobsByName(query);

    expect(found).toEqual([]);
    expect(batchMock).toHaveReceivedCommandWith(ListJobsCommand, {
      jobQueue: QUEUE,
      filters: [{ name: 'JOB_NAME', values: ['genome-align-chr7'] }],
    });
    expect(batchMock).not.toHaveReceivedCommand(DescribeJobsCommand);
  });

  it('reads every page, keeps exact names created in the window, and returns their tags', async () => {
    batchMock
      .on(ListJobsCommand, { nextToken: undefined })
      .resolves({
        jobSummaryList: [
          { jobId: 'a', jobName: 'genome-align-chr7', createdAt: 2_000 },
          { jobId: 'old', jobName: 'genome-align-chr7', createdAt: 999 },
          { jobId: 'other-case', jobName: 'Genome-Align-Chr7', createdAt: 2_000 },
        ],
        nextToken: 'page-2',
      })
      .on(ListJobsCommand, { nextToken: 'page-2' })
      .resolves({ jobSummaryList: [{ jobId: 'b', jobName: 'genome-align-chr7', createdAt: 1_000 }] });
    batchMock.on(DescribeJobsCommand).resolves({
      jobs: [
        describedJob({ jobId: 'a', createdAt: 2_000, tags: { 'batch-retry:attempt': '2' } }),
        describedJob({ jobId: 'b', createdAt: 1_000 }),
      ],
    });

    const found = await createBatchAdapter(new BatchClient({})).findJobsByName(query);

    expect(found).toEqual([
      { jobId: 'a', jobName: 'genome-align-chr7', createdAt: 2_000, tags: { 'batch-retry:attempt': '2' } },
      { jobId: 'b', jobName: 'genome-align-chr7', createdAt: 1_000, tags: {} },
    ]);
    expect(batchMock).toHaveReceivedCommandTimes(ListJobsCommand, 2);
    expect(batchMock).toHaveReceivedCommandWith(DescribeJobsCommand, { jobs: ['a', 'b'] });
  });

  it('describes the jobs found in chunks of 100', async () => {
    const summaries = Array.from({ length: 150 }, (_, i) => ({
      jobId: `j${i}`,
      jobName: query.jobName,
      createdAt: 5_000,
    }));
    batchMock.on(ListJobsCommand).resolves({ jobSummaryList: summaries });
    batchMock.on(DescribeJobsCommand).resolves({ jobs: [] });

    await createBatchAdapter(new BatchClient({})).findJobsByName(query);

    const calls = batchMock.commandCalls(DescribeJobsCommand).map((call) => call.args[0].input.jobs?.length);
    expect(calls).toEqual([100, 50]);
  });

  it('reports a throttled ListJobs as transient', async () => {
    batchMock
      .on(ListJobsCommand)
      .rejects(sdkError('TooManyRequestsException', 429, 'client', 'Too Many Requests'));

    await expect(createBatchAdapter(new BatchClient({})).findJobsByName(query)).rejects.toMatchObject({
      transient: true,
      operation: 'ListJobs',
    });
  });

  it('reports an unknown queue as a permanent error', async () => {
    batchMock
      .on(ListJobsCommand)
      .rejects(new ClientException({ message: 'jobQueue not found', $metadata: { httpStatusCode: 400 } }));

    await expect(createBatchAdapter(new BatchClient({})).findJobsByName(query)).rejects.toMatchObject({
      transient: false,
      operation: 'ListJobs',
    });
  });

  it('reports a failed DescribeJobs with its operation', async () => {
    batchMock.on(ListJobsCommand).resolves({ jobSummaryList: [{ jobId: 'a', jobName: query.jobName }] });
    batchMock.on(DescribeJobsCommand).rejects(sdkError('ServerException', 503, 'server', 'unavailable'));

    await expect(createBatchAdapter(new BatchClient({})).findJobsByName(query)).rejects.toMatchObject({
      transient: true,
      operation: 'DescribeJobs',
    });
  });
});
