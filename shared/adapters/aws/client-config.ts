/** Where a client talks to. Both fields fall back to the SDK defaults (environment, profile). */
export interface AwsClientOptions {
  /** e.g. `eu-west-1`; default: `AWS_REGION` / the profile's region. */
  readonly region?: string;
  /** A custom endpoint such as `http://127.0.0.1:4567` (dynalite, LocalStack); default: the AWS one. */
  readonly endpoint?: string;
  /** A named profile from ~/.aws/config; default: `AWS_PROFILE`, else the default chain. */
  readonly profile?: string;
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
  profile?: string;
} {
  return {
    retryMode: 'adaptive',
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  };
}
