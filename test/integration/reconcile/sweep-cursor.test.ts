import { describe, expect, it } from 'vitest';
import { createDynamoDbSweepCursor, SWEEP_CURSOR_KEY } from '#adapters/aws/dynamodb/index.js';
import { useDynalite } from '../../helpers/dynalite.js';

const db = useDynalite('sweep-cursor');

describe('the sweep cursor in the ledger table', () => {
  it('is absent before the first sweep, then stored under its own key without a TTL', async () => {
    const tableName = await db.freshTable();
    const cursor = createDynamoDbSweepCursor({ client: db.client, tableName });

    await expect(cursor.read()).resolves.toBeUndefined();
    await expect(cursor.advance({ at: 1_000, jobId: '' }, undefined)).resolves.toBe(true);

    await expect(cursor.read()).resolves.toEqual({ position: { at: 1_000, jobId: '' }, version: 1 });
    const item = await db.rawItem(tableName, SWEEP_CURSOR_KEY.pk, SWEEP_CURSOR_KEY.sk);
    expect(item).not.toHaveProperty('expiresAt');
  });

  it('moves for one of two sweeps that read the same version, never for both', async () => {
    const tableName = await db.freshTable();
    const cursor = createDynamoDbSweepCursor({ client: db.client, tableName });
    await cursor.advance({ at: 1_000, jobId: '' }, undefined);

    const moved = await Promise.all([
      cursor.advance({ at: 2_000, jobId: 'a' }, 1),
      cursor.advance({ at: 3_000, jobId: 'b' }, 1),
    ]);

    expect(moved.filter(Boolean)).toHaveLength(1);
    expect((await cursor.read())?.version).toBe(2);
    await expect(cursor.advance({ at: 9_000, jobId: '' }, undefined)).resolves.toBe(false);
  });
});
