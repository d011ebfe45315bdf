import { SNSClient } from '@aws-sdk/client-sns';
import { type AwsClientOptions, adaptiveClientConfig } from '../client-config.js';

/** An SNS client in adaptive retry mode. */
export function createSnsClient(options: AwsClientOptions = {}): SNSClient {
  return new SNSClient(adaptiveClientConfig(options));
}
