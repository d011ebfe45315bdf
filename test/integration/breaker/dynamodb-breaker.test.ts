import { describe, expect, it } from 'vitest';
import { createDynamoDbBreaker } from '#adapters/aws/dynamodb/breaker.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { describeBreakerContract } from './breaker-contract.js';
import { describeHalfOpenContract } from './half-open-contract.js';

const db = useDynalite('breaker');

describeBreakerContract('DynamoDbBreaker on dynalite', async () =>
  createDynamoDbBreaker({ client: db.client, tableName: await db.freshTable() }),
);

describeHalfOpenContract('DynamoDbBreaker on dynalite', async () =>
  createDynamoDbBreaker({ client: db.client, tableName: await db.freshTable() }),
);

describe('DynamoDbBreaker item layout', () => {
  const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);
  const settings = { threshold: 2, windowSeconds: 300, cooldownSeconds: 900 };

  it('keeps one item per queue and class, with the window buckets and the open state, expiring a day after', async () => {
    const tableName = await db.freshTable();
    const breaker = createDynamoDbBreaker({ client: db.client, tableName });

    await breaker.recordFailures(
      { jobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/spot', failureClass: 'infrastructure' },
      [T0 + 10_000],
      settings,
      T0 + 10_000,
    );
    await breaker.recordFailures(
      { jobQueue: 'spot', failureClass: 'infrastructure' },
      [T0 + 20_000],
      settings,
      T0 + 20_000,
    );

    expect(await db.rawItem(tableName, 'BREAKER#spot#infrastructure', 'STATE')).toEqual({
      pk: 'BREAKER#spot#infrastructure',
      sk: 'STATE',
      [`b300_${T0 / 1000}`]: 2,
      openUntil: T0 + 20_000 + 900_000,
      openedAt: T0 + 20_000,
      expiresAt: (T0 + 20_000) / 1000 + 300 + 900 + 86_400,
    });
    expect(await db.itemCount(tableName)).toBe(1);
  });

  it('removes the buckets it saw go stale with its next write', async () => {
    const tableName = await db.freshTable();
    const breaker = createDynamoDbBreaker({ client: db.client, tableName });
    const key = { jobQueue: 'spot', failureClass: 'infrastructure' } as const;
    const roomy = { ...settings, threshold: 100 };
    await breaker.recordFailures(key, [T0], roomy, T0);
    await breaker.recordFailures(key, [T0 + 3_600_000], roomy, T0 + 3_600_000);

    await breaker.recordFailures(key, [T0 + 3_601_000], roomy, T0 + 3_601_000);

    const item = await db.rawItem(tableName, 'BREAKER#spot#infrastructure', 'STATE');
    expect(Object.keys(item ?? {}).filter((k) => k.startsWith('b'))).toEqual([`b300_${T0 / 1000 + 3600}`]);
  });
});
