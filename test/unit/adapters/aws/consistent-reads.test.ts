import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoDbBreaker, createDynamoDbLedger } from '#adapters/aws/dynamodb/index.js';

const dynamo = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  dynamo.reset();
});

/**
 * Every decision rests on reading what the last writer wrote: an eventually consistent read could
 * return a lineage one decision old, or a breaker closed a moment after another container opened it.
 * dynalite reads consistently either way, so only the request itself can show this.
 */
describe('the ledger and the breaker read consistently', () => {
  it('reads a lineage with ConsistentRead', async () => {
    dynamo.on(GetCommand).resolves({});
    const ledger = createDynamoDbLedger({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      tableName: 't',
    });

    await ledger.getLineage('root-1');

    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: 't', ConsistentRead: true });
  });

  it("reads a breaker's state with ConsistentRead", async () => {
    dynamo.on(GetCommand).resolves({});
    const breaker = createDynamoDbBreaker({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      tableName: 't',
    });

    await breaker.pausedUntil({ jobQueue: 'spot-queue', failureClass: 'infrastructure' }, Date.now());

    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: 't', ConsistentRead: true });
  });
});
