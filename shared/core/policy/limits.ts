/**
 * Limits that no policy can lift. The policy schema rejects a document that asks for more, and the
 * decision code enforces them again, so that even a policy built in code (or a bug in the schema)
 * cannot produce a retry loop.
 */
export const HARD_LIMITS = {
  /** Attempts per lineage, counting the first run and every attempt AWS Batch retried natively. */
  maxAttempts: 50,
  /** Age of a lineage (first job's creation to now) after which nothing is resubmitted: 14 days. */
  maxLineageAgeSeconds: 14 * 86_400,
  /** Longest single backoff delay: 7 days. Chained SQS hops make any length up to this durable. */
  maxDelaySeconds: 7 * 86_400,
  /** Most rules in one policy (AWS Batch allows 5 `evaluateOnExit` entries; batch-retry allows more). */
  maxRules: 100,
  /** Largest memory an escalation may ask for: 4 TiB in MiB, above any AWS Batch instance. */
  maxMemoryMiB: 4 * 1024 * 1024,
  /** Most vCPUs an escalation may ask for. */
  maxVcpus: 512,
} as const;

/** AWS Batch's own `retryStrategy` limits, used by `batchCompatible` policies and by import. */
export const BATCH_RETRY_LIMITS = {
  /** `retryStrategy.attempts` is 1 to 10. */
  maxAttempts: 10,
  /** `retryStrategy.evaluateOnExit` holds at most 5 entries. */
  maxEvaluateOnExit: 5,
} as const;
