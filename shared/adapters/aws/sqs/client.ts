import { SQSClient } from '@aws-sdk/client-sqs';
import { type AwsClientOptions, adaptiveClientConfig } from '../client-config.js';

/** An SQS client in adaptive retry mode. */
export function createSqsClient(options: AwsClientOptions = {}): SQSClient {
  return new SQSClient(adaptiveClientConfig(options));
}
