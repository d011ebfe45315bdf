import { AWS_BATCH_SOURCE, BATCH_JOB_STATE_CHANGE } from '../events/schema.js';
import type { NormalisedJob } from '../events/types.js';

/**
 * How the `id` of every event the reconcile sweep sends starts. EventBridge's own ids are UUIDs, so
 * the decide function (and anyone reading a DLQ) can tell a re-fed failure from a delivered one.
 */
export const RECONCILE_EVENT_ID_PREFIX = 'batch-retry-reconcile:';

/**
 * A "Batch Job State Change" event as EventBridge would have delivered it, built from the job's
 * DescribeJobs detail (the same shape as an event's `detail`). Account and region come from the job
 * ARN; `time` is when the job stopped.
 */
export function reconciledEvent(
  job: NormalisedJob,
  detail: unknown,
  sweptAt: number,
): Record<string, unknown> {
  // arn:<partition>:batch:<region>:<account>:job/<id>
  const [, , , region, account] = (job.jobArn ?? '').split(':');
  return {
    version: '0',
    id: `${RECONCILE_EVENT_ID_PREFIX}${job.jobId}`,
    'detail-type': BATCH_JOB_STATE_CHANGE,
    source: AWS_BATCH_SOURCE,
    ...(account === undefined || region === undefined ? {} : { account, region }),
    time: new Date(job.stoppedAt ?? sweptAt).toISOString(),
    resources: job.jobArn === undefined ? [] : [job.jobArn],
    detail,
  };
}

/** True when `job` came from an event the reconcile sweep built, not from EventBridge. */
export function isReconciled(job: NormalisedJob): boolean {
  return job.event?.id.startsWith(RECONCILE_EVENT_ID_PREFIX) ?? false;
}
