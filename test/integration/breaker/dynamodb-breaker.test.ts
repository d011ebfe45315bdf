import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbBreaker } from '../../../shared/aws/dynamodb-breaker.js';
import {
  createLedgerTable,
  dynaliteClient,
  type RunningDynalite,
  startDynalite,
} from '../../helpers/dynalite.js';
import { describeBreakerContract } from './breaker-contract.js';

let dynamo: RunningDynalite;
let client: DynamoDBClient;
let tables = 0;

/** A fresh ledger table per breaker, so tests never see each other's items. */
async function freshTable(): Promise<string> {
  tables += 1;
  const name = `breaker-${tables}`;
  await createLedgerTable(dynamo.endpoint, name);
  return name;
}

beforeAll(async () => {
  dynamo = await startDynalite();
  client = dynaliteClient(dynamo.endpoint);
});

afterAll(async () => {
  client.destroy();
  await dynamo.stop();
});

describeBreakerContract('DynamoDbBreaker on dynalite', async () =>
  createDynamoDbBreaker({ client, tableName: await freshTable() }),
);

describe('DynamoDbBreaker item layout', () => {
  const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);
  const rawItem = async (tableName: string, pk: string, sk: string) => {
    const doc = DynamoDBDocumentClient.from(client);
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }));
    return Item;
  };

  it('keeps one counter per window and the open state beside the lineages, each expiring a day later', async () => {
    const tableName = await freshTable();
    const breaker = createDynamoDbBreaker({ client, tableName });
    const settings = { threshold: 2, windowSeconds: 300, cooldownSeconds: 900 };

    await breaker.recordFailure(
      { jobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/spot', failureClass: 'infrastructure' },
      T0 + 10_000,
      settings,
    );
    await breaker.recordFailure({ jobQueue: 'spot', failureClass: 'infrastructure' }, T0 + 20_000, settings);

    expect(await rawItem(tableName, 'BREAKER#spot#infrastructure', `WINDOW#${T0}`)).toEqual({
      pk: 'BREAKER#spot#infrastructure',
      sk: `WINDOW#${T0}`,
      count: 2,
      expiresAt: T0 / 1000 + 300 + 86_400,
    });
    expect(await rawItem(tableName, 'BREAKER#spot#infrastructure', 'STATE')).toEqual({
      pk: 'BREAKER#spot#infrastructure',
      sk: 'STATE',
      openUntil: T0 + 20_000 + 900_000,
      openedAt: T0 + 20_000,
      expiresAt: (T0 + 20_000 + 900_000) / 1000 + 86_400,
    });
  });
});
