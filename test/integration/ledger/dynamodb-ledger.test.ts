import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbLedger } from '../../../shared/aws/dynamodb-ledger.js';
import { ledgerTableDefinition } from '../../../shared/aws/dynamodb-ledger-table.js';
import {
  createLedgerTable,
  dynaliteClient,
  type RunningDynalite,
  startDynalite,
} from '../../helpers/dynalite.js';
import { describeLedgerContract } from './ledger-contract.js';
import { CHILD_JOB_ID, ROOT_JOB_ID, retryDecision, seed, T0 } from './ledger-fixtures.js';

let dynamo: RunningDynalite;
let client: DynamoDBClient;
let tables = 0;

/** A fresh table per ledger, so tests never see each other's items. */
async function freshTable(): Promise<string> {
  tables += 1;
  const name = `ledger-${tables}`;
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

describeLedgerContract('DynamoDbLedger on dynalite', async () =>
  createDynamoDbLedger({ client, tableName: await freshTable() }),
);

describe('DynamoDbLedger item layout', () => {
  const rawItem = async (tableName: string, pk: string, sk: string) => {
    const doc = DynamoDBDocumentClient.from(client);
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }));
    return Item;
  };

  it('keeps a lineage in one item keyed by its root, with decisions mapped by failed job id', async () => {
    const tableName = await freshTable();
    const ledger = createDynamoDbLedger({ client, tableName });

    await ledger.recordDecision({
      seed: seed(),
      expectedVersion: undefined,
      decision: retryDecision(),
      countsDelta: { infrastructure: 1 },
    });

    const item = await rawItem(tableName, `LINEAGE#${ROOT_JOB_ID}`, 'LINEAGE');
    expect(item?.decisions).toEqual({ [ROOT_JOB_ID]: retryDecision() });
    expect(item?.decisionOrder).toEqual([ROOT_JOB_ID]);
    expect(item?.version).toBe(1);
  });

  it('sets expiresAt 30 days after the last write, or after ttlDays when given', async () => {
    const tableName = await freshTable();
    const ledger = createDynamoDbLedger({ client, tableName, ttlDays: 7 });
    await ledger.recordDecision({
      seed: seed(),
      expectedVersion: undefined,
      decision: retryDecision(),
      countsDelta: {},
    });

    await ledger.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'RECOVERED', at: T0 + 3_600_000 });

    const item = await rawItem(tableName, `LINEAGE#${ROOT_JOB_ID}`, 'LINEAGE');
    expect(item?.expiresAt).toBe(T0 / 1000 + 3600 + 7 * 86_400);
    const pointer = await rawItem(tableName, `JOB#${ROOT_JOB_ID}`, 'JOB');
    expect(pointer).toEqual({
      pk: `JOB#${ROOT_JOB_ID}`,
      sk: 'JOB',
      rootJobId: ROOT_JOB_ID,
      expiresAt: T0 / 1000 + 7 * 86_400,
    });
  });

  it('writes the child pointer item when a submission is recorded', async () => {
    const tableName = await freshTable();
    const ledger = createDynamoDbLedger({ client, tableName });
    await ledger.recordDecision({
      seed: seed(),
      expectedVersion: undefined,
      decision: retryDecision(),
      countsDelta: {},
    });
    await ledger.claimSubmission({
      rootJobId: ROOT_JOB_ID,
      failedJobId: ROOT_JOB_ID,
      claimToken: 't',
      at: T0,
    });

    await ledger.recordSubmission({
      rootJobId: ROOT_JOB_ID,
      failedJobId: ROOT_JOB_ID,
      claimToken: 't',
      childJobId: CHILD_JOB_ID,
      at: T0,
    });

    expect(await rawItem(tableName, `JOB#${CHILD_JOB_ID}`, 'JOB')).toMatchObject({ rootJobId: ROOT_JOB_ID });
  });
});

describe('ledgerTableDefinition', () => {
  it('defines string keys pk and sk with on-demand billing', () => {
    expect(ledgerTableDefinition('batch-retry-ledger')).toEqual({
      TableName: 'batch-retry-ledger',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });
});
