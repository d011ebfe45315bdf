import type { SQSRecord } from 'aws-lambda';
import type { StuckMessage } from '#core/alerts/index.js';

function field(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}

/**
 * What a failed record's body says about its job, read leniently (the body may be why it failed):
 * a state-change event names the job in `detail`, a retry message names the failed job and its root.
 */
export function stuckMessage(queue: StuckMessage['queue'], record: SQSRecord, error: unknown): StuckMessage {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const detail =
    queue === 'events' && body !== null && typeof body === 'object'
      ? (body as { detail?: unknown }).detail
      : body;
  const jobId = field(detail, queue === 'events' ? 'jobId' : 'failedJobId');
  const jobName = field(detail, 'jobName');
  const rootJobId = field(detail, 'rootJobId');
  const jobQueue = field(detail, 'jobQueue');
  return {
    queue,
    messageId: record.messageId,
    ...(jobId === undefined ? {} : { jobId }),
    ...(jobName === undefined ? {} : { jobName }),
    ...(rootJobId === undefined ? {} : { rootJobId }),
    ...(jobQueue === undefined ? {} : { jobQueue }),
    problem: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error',
    receiveCount: Number(record.attributes.ApproximateReceiveCount),
  };
}
