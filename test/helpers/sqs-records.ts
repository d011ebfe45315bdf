import { createHash } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** Queue ARN used when a test does not name one. */
export const TEST_QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:batch-retry-events';

export interface SqsRecordOptions {
  /** Default: a fresh, deterministic UUID-shaped id (a counter, so runs are repeatable). */
  readonly messageId?: string;
  /** `ApproximateReceiveCount`; default 1 (first delivery). */
  readonly receiveCount?: number;
  /** `eventSourceARN`; default {@link TEST_QUEUE_ARN}. */
  readonly queueArn?: string;
  /** `SentTimestamp`, epoch ms; default `Date.now()` (follows vitest's fake clock). */
  readonly sentAt?: number;
}

let sequence = 0;

function nextMessageId(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

/**
 * One SQS record as Lambda's event source mapping hands it over. `body` is sent verbatim when it is
 * a string (so a test can send text that is not JSON), otherwise as `JSON.stringify(body)`: pass an
 * EventBridge event or a retry message object.
 */
export function sqsRecord(body: unknown, options: SqsRecordOptions = {}): SQSRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const sentAt = options.sentAt ?? Date.now();
  const messageId = options.messageId ?? nextMessageId();
  const queueArn = options.queueArn ?? TEST_QUEUE_ARN;
  return {
    messageId,
    receiptHandle: `receipt-${messageId}-${options.receiveCount ?? 1}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(sentAt),
      SenderId: 'AIDAEXAMPLEEVENTBRIDGE',
      ApproximateFirstReceiveTimestamp: String(sentAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(text).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}

/** The same message delivered again after its visibility timeout: same id and body, one more receive. */
export function redelivered(record: SQSRecord): SQSRecord {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) + 1;
  return {
    ...record,
    receiptHandle: `receipt-${record.messageId}-${receiveCount}`,
    attributes: { ...record.attributes, ApproximateReceiveCount: String(receiveCount) },
  };
}

/** A Lambda SQS event holding `records` in order. */
export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
