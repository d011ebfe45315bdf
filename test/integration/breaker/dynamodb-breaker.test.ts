import { describe, expect, it } from 'vitest';
import { createDynamoDbBreaker } from '#adapters/aws/dynamodb/breaker.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { describeBreakerContract } from './breaker-contract.js';

const db = useDynalite('breaker');

describeBreakerContract('DynamoDbBreaker on dynalite', async () =>
  createDynamoDbBreaker({ client: db.client, tableName: await db.freshTable() }),
);

describe('DynamoDbBreaker item layout', () => {
  const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);

  it('keeps one counter per window and the open state beside the lineages, each expiring a day later', async () => {
    const tableName = await db.freshTable();
    const breaker = createDynamoDbBreaker({ client: db.client, tableName });
    const settings = { threshold: 2, windowSeconds: 300, cooldownSeconds: 900 };

    await breaker.recordFailure(
      { jobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/spot', failureClass: 'infrastructure' },
      T0 + 10_000,
      settings,
    );
    await breaker.recordFailure({ jobQueue: 'spot', failureClass: 'infrastructure' }, T0 + 20_000, settings);

    expect(await db.rawItem(tableName, 'BREAKER#spot#infrastructure', `WINDOW#300s@${T0}`)).toEqual({
      pk: 'BREAKER#spot#infrastructure',
      sk: `WINDOW#300s@${T0}`,
      count: 2,
      expiresAt: T0 / 1000 + 300 + 86_400,
    });
    expect(await db.rawItem(tableName, 'BREAKER#spot#infrastructure', 'STATE')).toEqual({
      pk: 'BREAKER#spot#infrastructure',
      sk: 'STATE',
      openUntil: T0 + 20_000 + 900_000,
      openedAt: T0 + 20_000,
      expiresAt: (T0 + 20_000 + 900_000) / 1000 + 86_400,
    });
  });
});
