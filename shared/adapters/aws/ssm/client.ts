import { SSMClient } from '@aws-sdk/client-ssm';
import { adaptiveClientConfig } from '../client-config.js';

/** Where the SSM client talks to and as whom. Every field falls back to the standard AWS chain. */
export interface SsmClientOptions {
  /** e.g. `eu-west-1`; default: `AWS_REGION` / the profile's region. */
  readonly region?: string;
  /** A named profile from ~/.aws/config; default: `AWS_PROFILE`, else the default chain. */
  readonly profile?: string;
  /** A custom endpoint (LocalStack, a VPC endpoint); default: the regional SSM endpoint. */
  readonly endpoint?: string;
}

/** An SSM client in adaptive retry mode, using the standard credential provider chain. */
export function createSsmClient(options: SsmClientOptions = {}): SSMClient {
  return new SSMClient({
    ...adaptiveClientConfig({
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  });
}

/** The prefix under which policies live when none is configured. */
export const DEFAULT_POLICY_PREFIX = '/batch-retry/policies/';

/** A prefix with exactly one leading and one trailing slash (`batch-retry/policies` -> `/batch-retry/policies/`). */
export function normalisePolicyPrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}
