import { describe, expect, it } from 'vitest';
import { createDynamoDbWaiters } from '#adapters/aws/dynamodb/waiters.js';
import { useDynalite } from '../../helpers/dynalite.js';

const db = useDynalite('waiters');

/** Step Functions task tokens are long opaque strings; DynamoDB keys hold at most 1,024 bytes. */
const LONG_TOKEN = `AQB8AAAAKgAAAAMAAAAAAAAAA${'x'.repeat(1800)}`;

describe('waiting Step Functions tasks in the ledger table', () => {
  it('are kept per lineage, one per token however long, found with one consistent Query, and forgotten', async () => {
    const tableName = await db.freshTable();
    const waiters = createDynamoDbWaiters({ client: db.client, tableName });
    const first = { rootJobId: 'root-1', jobId: 'root-1', taskToken: LONG_TOKEN, registeredAt: 1_000 };
    const second = { rootJobId: 'root-1', jobId: 'child-1', taskToken: 'token-2', registeredAt: 2_000 };
    db.takeOperations();

    await waiters.register(first);
    await waiters.register(first);
    await waiters.register(second);
    await waiters.register({ ...second, rootJobId: 'root-2' });
    const found = await waiters.waitersOf('root-1');
    await waiters.remove(first);

    expect(found).toHaveLength(2);
    expect(found).toEqual(expect.arrayContaining([first, second]));
    expect(await waiters.waitersOf('root-1')).toEqual([second]);
    expect(db.takeOperations().filter((op) => op === 'Query')).toHaveLength(2);
  });

  it('expire when nobody answers them, ttlDays after they were registered', async () => {
    const tableName = await db.freshTable();
    const waiters = createDynamoDbWaiters({ client: db.client, tableName, ttlDays: 2 });

    await waiters.register({ rootJobId: 'r', jobId: 'r', taskToken: 't', registeredAt: 86_400_000 });

    const { Count, Items } = await import('@aws-sdk/client-dynamodb').then(({ ScanCommand }) =>
      db.client.send(new ScanCommand({ TableName: tableName })),
    );
    expect(Count).toBe(1);
    expect(Items?.[0]?.expiresAt).toEqual({ N: String(86_400 + 2 * 86_400) });
  });
});
