import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import { ledgerTableDefinition } from '#adapters/aws/dynamodb/ledger-table.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { describeLedgerContract } from './ledger-contract.js';
import { CHILD_JOB_ID, ROOT_JOB_ID, recordRootRetry, retryDecision, T0 } from './ledger-fixtures.js';

const db = useDynalite('ledger');

describeLedgerContract('DynamoDbLedger on dynalite', async () =>
  createDynamoDbLedger({ client: db.client, tableName: await db.freshTable() }),
);

describe('DynamoDbLedger item layout', () => {
  it('keeps a lineage in one item keyed by its root, with decisions mapped by failed job id', async () => {
    const tableName = await db.freshTable();
    const ledger = createDynamoDbLedger({ client: db.client, tableName });

    await recordRootRetry(ledger);

    const item = await db.rawItem(tableName, `LINEAGE#${ROOT_JOB_ID}`, 'LINEAGE');
    expect(item?.decisions).toEqual({ [ROOT_JOB_ID]: retryDecision() });
    expect(item?.decisionOrder).toEqual([ROOT_JOB_ID]);
    expect(item?.version).toBe(1);
  });

  it('sets expiresAt 30 days after the last write, or after ttlDays when given', async () => {
    const tableName = await db.freshTable();
    const ledger = createDynamoDbLedger({ client: db.client, tableName, ttlDays: 7 });
    await recordRootRetry(ledger, {});

    await ledger.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'RECOVERED', at: T0 + 3_600_000 });

    const item = await db.rawItem(tableName, `LINEAGE#${ROOT_JOB_ID}`, 'LINEAGE');
    expect(item?.expiresAt).toBe(T0 / 1000 + 3600 + 7 * 86_400);
    const pointer = await db.rawItem(tableName, `JOB#${ROOT_JOB_ID}`, 'JOB');
    expect(pointer).toEqual({
      pk: `JOB#${ROOT_JOB_ID}`,
      sk: 'JOB',
      rootJobId: ROOT_JOB_ID,
      expiresAt: T0 / 1000 + 7 * 86_400,
    });
  });

  it('writes the child pointer item when a submission is recorded', async () => {
    const tableName = await db.freshTable();
    const ledger = createDynamoDbLedger({ client: db.client, tableName });
    await recordRootRetry(ledger, {});
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

    expect(await db.rawItem(tableName, `JOB#${CHILD_JOB_ID}`, 'JOB')).toMatchObject({
      rootJobId: ROOT_JOB_ID,
    });
  });
});

describe('ledgerTableDefinition', () => {
  const definition = ledgerTableDefinition('batch-retry-ledger');

  it('defines string keys pk and sk with on-demand billing', () => {
    expect(Object.keys(definition).sort()).toEqual(
      ['AttributeDefinitions', 'BillingMode', 'KeySchema', 'TableName'].sort(),
    );
    expect(definition.TableName).toBe('batch-retry-ledger');
    expect(definition.BillingMode).toBe('PAY_PER_REQUEST');
    expect(definition.KeySchema?.map((k) => `${k.AttributeName} ${k.KeyType}`)).toEqual([
      'pk HASH',
      'sk RANGE',
    ]);
    expect(definition.AttributeDefinitions?.map((a) => `${a.AttributeName} ${a.AttributeType}`)).toEqual([
      'pk S',
      'sk S',
    ]);
  });

  it('creates a table that DynamoDB describes with those keys and that billing mode', async () => {
    const tableName = 'definition-check';
    await db.client.send(new CreateTableCommand(ledgerTableDefinition(tableName)));

    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: tableName }));

    expect(Table?.TableName).toBe(tableName);
    expect(Table?.KeySchema).toEqual(definition.KeySchema);
    expect(Table?.AttributeDefinitions).toEqual(definition.AttributeDefinitions);
    expect(Table?.BillingModeSummary?.BillingMode).toBe(definition.BillingMode);
  });
});
