import { SFNClient } from '@aws-sdk/client-sfn';
import { type AwsClientOptions, adaptiveClientConfig } from '../client-config.js';

/** A Step Functions client in adaptive retry mode. */
export function createSfnClient(options: AwsClientOptions = {}): SFNClient {
  return new SFNClient(adaptiveClientConfig(options));
}
