import {
  DescribeJobsCommand,
  type DescribeJobsCommandInput,
  ListJobsCommand,
  type ListJobsCommandInput,
} from '@aws-sdk/client-batch';
import { SendMessageBatchCommand, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { vi } from 'vitest';
import type { SweepReport } from '#core/reconcile/index.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { reconcileSchedule } from '../../helpers/scheduled-event.js';
import { batchMock, sqsMock } from '../functions/harness.js';
import type { JobEvent } from '../functions/job-events.js';
import { type LogLine, withCapturedLogs } from '../functions/log-capture.js';

/** The events queue the reconcile function sends to (decide's trigger). */
export const EVENTS_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/batch-retry-events';

/**
 * AWS Batch as the reconcile sweep sees it: `failed` are the FAILED jobs ListJobs pages through
 * (`pageSize` per page, in the order given) and DescribeJobs answers with their details.
 */
export function serveFailedJobs(failed: readonly JobEvent[], pageSize = 100): void {
  const summaries = failed.map((event) => ({
    jobId: String(event.detail.jobId),
    jobName: String(event.detail.jobName),
    createdAt: Number(event.detail.createdAt),
    stoppedAt: Number(event.detail.stoppedAt),
    status: 'FAILED' as const,
  }));
  batchMock.on(ListJobsCommand).callsFake((input: ListJobsCommandInput) => {
    if (input.jobStatus !== 'FAILED') return { jobSummaryList: [] };
    const start = Number(input.nextToken ?? 0);
    const next = start + pageSize;
    return {
      jobSummaryList: summaries.slice(start, next),
      ...(next < summaries.length ? { nextToken: String(next) } : {}),
    };
  });
  batchMock.on(DescribeJobsCommand).callsFake((input: DescribeJobsCommandInput) => ({
    jobs: failed
      .filter((event) => input.jobs?.includes(String(event.detail.jobId)))
      .map((event) => {
        const { resourceArn: _, ...tags } = (event.detail.tags ?? {}) as Record<string, string>;
        return { ...event.detail, tags };
      }),
  }));
}

/** The events the reconcile function sent to the events queue so far, parsed, oldest first. */
export function reconciledEvents(): JobEvent[] {
  return sqsMock
    .commandCalls(SendMessageBatchCommand)
    .map((call) => call.args[0].input as SendMessageBatchCommandInput)
    .filter((input) => input.QueueUrl === EVENTS_QUEUE_URL)
    .flatMap((input) =>
      (input.Entries ?? []).map((entry) => JSON.parse(entry.MessageBody ?? 'null') as JobEvent),
    );
}

/**
 * Cold-starts the reconcile function (a fresh module, as a new Lambda container) watching
 * `jobQueues` and runs one sweep. Call inside a test of a file that uses `useFunctions()`, which
 * points the ledger at dynalite.
 */
export async function runReconcile(
  env: Readonly<Record<string, string>> = {},
  logs?: LogLine[],
): Promise<SweepReport> {
  Object.assign(process.env, {
    EVENTS_QUEUE_URL,
    JOB_QUEUES: 'spot-queue',
    RECONCILE_MAX_JOBS: '500',
    RECONCILE_MAX_PAGES: '50',
    RECONCILE_SETTLE_SECONDS: '300',
    ...env,
  });
  vi.resetModules();
  const { handler } = await import('#functions/reconcile/handler.js');
  const { result, lines } = await withCapturedLogs(() =>
    handler(reconcileSchedule(), lambdaContext('batch-retry-reconcile')),
  );
  logs?.push(...lines);
  return result;
}
