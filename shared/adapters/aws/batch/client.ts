import { BatchClient } from '@aws-sdk/client-batch';
import { type AwsClientOptions, adaptiveClientConfig } from '../client-config.js';

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
