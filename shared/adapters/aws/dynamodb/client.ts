import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type AwsClientOptions, adaptiveClientConfig } from '../client-config.js';

/** A DynamoDB client in adaptive retry mode (wrap it in a document client for the ledger). */
export function createDynamoDbClient(options: AwsClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(adaptiveClientConfig(options));
}
