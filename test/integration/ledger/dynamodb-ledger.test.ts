import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import { ledgerTableDefinition } from '#adapters/aws/dynamodb/ledger-table.js';
import { LedgerItemTooLargeError } from '#core/lineage/errors.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { describeLedgerContract } from './ledger-contract.js';
import { exitDecision, ROOT_JOB_ID, recordRootRetry, retryDecision, seed, T0 } from './ledger-fixtures.js';

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

  it('sets expiresAt 30 days after the last write, or after ttlDays when given, and writes no other item', async () => {
    const tableName = await db.freshTable();
    const ledger = createDynamoDbLedger({ client: db.client, tableName, ttlDays: 7 });
    await recordRootRetry(ledger, {});

    await ledger.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'RECOVERED', at: T0 + 3_600_000 });

    const item = await db.rawItem(tableName, `LINEAGE#${ROOT_JOB_ID}`, 'LINEAGE');
    expect(item?.expiresAt).toBe(T0 / 1000 + 3600 + 7 * 86_400);
    expect(await db.itemCount(tableName)).toBe(1);
  });

  it('refuses a write past the 400 KB item limit with a permanent LedgerItemTooLargeError and changes nothing', async () => {
    const tableName = await db.freshTable();
    const ledger = createDynamoDbLedger({ client: db.client, tableName });
    await recordRootRetry(ledger);
    const before = await ledger.getLineage(ROOT_JOB_ID);

    const huge = ledger.recordDecision({
      seed: seed(),
      expected: { kind: 'version', version: 1 },
      decision: exitDecision({ reason: 'x'.repeat(410 * 1024) }),
      countsDelta: {},
    });

    await expect(huge).rejects.toBeInstanceOf(LedgerItemTooLargeError);
    await expect(huge).rejects.toMatchObject({ transient: false });
    expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(before);
  });
});

describe('ledgerTableDefinition', () => {
  const definition = ledgerTableDefinition('batch-retry-ledger');

  it('defines string keys pk and sk with on-demand billing, and the index lineage list reads', () => {
    expect(Object.keys(definition).sort()).toEqual(
      ['AttributeDefinitions', 'BillingMode', 'GlobalSecondaryIndexes', 'KeySchema', 'TableName'].sort(),
    );
    expect(
      definition.GlobalSecondaryIndexes?.map((index) => [
        index.IndexName,
        index.KeySchema?.map((k) => `${k.AttributeName} ${k.KeyType}`),
        index.Projection?.ProjectionType,
      ]),
    ).toEqual([['lineages-by-day', ['openedDay HASH', 'openedOrder RANGE'], 'INCLUDE']]);
    expect(definition.TableName).toBe('batch-retry-ledger');
    expect(definition.BillingMode).toBe('PAY_PER_REQUEST');
    expect(definition.KeySchema?.map((k) => `${k.AttributeName} ${k.KeyType}`)).toEqual([
      'pk HASH',
      'sk RANGE',
    ]);
    expect(definition.AttributeDefinitions?.map((a) => `${a.AttributeName} ${a.AttributeType}`)).toEqual([
      'pk S',
      'sk S',
      'openedDay S',
      'openedOrder S',
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
