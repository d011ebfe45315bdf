import { BatchClient } from '@aws-sdk/client-batch';
import { type AwsClientOptions, adaptiveClientConfig } from '../client-config.js';

/** Longest wait for a connection to the Batch endpoint. */
export const BATCH_CONNECTION_TIMEOUT_MS = 3_000;
/**
 * Longest wait for an answer from Batch. With the connection timeout and one attempt per call, a
 * SubmitJob ends within 13 s, far inside the 5-minute claim lease (docs/ledger.md, "Claims").
 */
export const BATCH_REQUEST_TIMEOUT_MS = 10_000;

/**
 * An AWS Batch client in adaptive retry mode (its client-side rate limiting still applies) that makes
 * ONE attempt per call: SubmitJob has no idempotency token, so an SDK retry after a response was lost
 * (a 5xx or a timeout on a request Batch had accepted) would create a second child that the ledger
 * never hears of. A failed call is redelivered by SQS instead, and the resubmit path first looks for a
 * child by its lineage tags (or, after throttling, which never creates a job, submits at once). Every
 * call is bounded by {@link BATCH_CONNECTION_TIMEOUT_MS} and {@link BATCH_REQUEST_TIMEOUT_MS}.
 */
export function createBatchClient(options: AwsClientOptions = {}): BatchClient {
  return new BatchClient({
    ...adaptiveClientConfig(options),
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: BATCH_CONNECTION_TIMEOUT_MS,
      requestTimeout: BATCH_REQUEST_TIMEOUT_MS,
    },
  });
}
