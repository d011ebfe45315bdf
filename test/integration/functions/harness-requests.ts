/** AWS requests by service, each an operation name (`PutItem`, `SubmitJob`, ...), oldest first. */
export interface AwsRequests {
  readonly dynamodb: readonly string[];
  readonly batch: readonly string[];
  readonly sqs: readonly string[];
  readonly ssm: readonly string[];
  readonly sns: readonly string[];
  /** EventBridge (lineage events). */
  readonly events: readonly string[];
  /** Step Functions (answers to waiting tasks). */
  readonly sfn: readonly string[];
}

/** How many requests `requests` holds in all. */
export function requestCount(requests: AwsRequests): number {
  return Object.values(requests).reduce(
    (sum: number, operations: readonly string[]) => sum + operations.length,
    0,
  );
}
