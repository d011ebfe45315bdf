import { BatchClient } from '@aws-sdk/client-batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

/** Where a client talks to. Both fields fall back to the SDK defaults (environment, profile). */
export interface AwsClientOptions {
  /** e.g. `eu-west-1`; default: `AWS_REGION` / the profile's region. */
  readonly region?: string;
  /** A custom endpoint such as `http://127.0.0.1:4567` (dynalite, LocalStack); default: the AWS one. */
  readonly endpoint?: string;
}

/**
 * The configuration every orchestrator SDK client shares: adaptive retry mode, which adds
 * client-side rate limiting to the standard exponential backoff, so that a burst of resubmissions
 * backs off when Batch or DynamoDB throttle instead of burning its attempts (SDK default: 3
 * attempts). Callers create each client once per module, outside the handler.
 */
export function adaptiveClientConfig(options: AwsClientOptions = {}): {
  retryMode: 'adaptive';
  region?: string;
  endpoint?: string;
} {
  return {
    retryMode: 'adaptive',
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
}

/**
 * An AWS Batch client in adaptive retry mode (its client-side rate limiting still applies) that makes
 * ONE attempt per call: SubmitJob has no idempotency token, so an SDK retry after a response was lost
 * (a 5xx or a timeout on a request Batch had accepted) would create a second child that the ledger
 * never hears of. A failed call is redelivered by SQS instead, and the resubmit path first looks for a
 * child by its lineage tags (or, after throttling, which never creates a job, submits at once).
 */
export function createBatchClient(options: AwsClientOptions = {}): BatchClient {
  return new BatchClient({ ...adaptiveClientConfig(options), maxAttempts: 1 });
}

/** An SQS client in adaptive retry mode. */
export function createSqsClient(options: AwsClientOptions = {}): SQSClient {
  return new SQSClient(adaptiveClientConfig(options));
}

/** A DynamoDB client in adaptive retry mode (wrap it in a document client for the ledger). */
export function createDynamoDbClient(options: AwsClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(adaptiveClientConfig(options));
}
