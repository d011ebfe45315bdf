import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbWaiters } from '#adapters/aws/dynamodb/index.js';
import { createSfnClient, createSfnTaskTokens } from '#adapters/aws/sfn/index.js';
import type { WaiterDeps } from '#core/workflow/index.js';

/**
 * Waiting Step Functions tasks: kept in the ledger table, answered with SendTaskSuccess or
 * SendTaskFailure. Creating the client makes no request.
 */
export function wireWaiters(args: {
  readonly dynamoDb: DynamoDBClient;
  readonly tableName: string;
  readonly ttlDays: number;
}): WaiterDeps {
  return {
    store: createDynamoDbWaiters({ client: args.dynamoDb, tableName: args.tableName, ttlDays: args.ttlDays }),
    tasks: createSfnTaskTokens(createSfnClient()),
  };
}
