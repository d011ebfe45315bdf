import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { breakerScope, windowKey, windowStartMs } from '#core/breaker/index.js';
import type { BreakerKey, BreakerPort, BreakerSettings, RecordFailureResult } from '#core/ports/index.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import { isConditionFailure, sendToLedger } from './send.js';

/** How long breaker items live after their window ends or their breaker closes: one day, in seconds. */
const BREAKER_ITEM_TTL_SECONDS = 86_400;

export interface DynamoDbBreakerOptions {
  /** A DynamoDB client (region, endpoint, credentials and retry mode are the caller's choice). */
  readonly client: DynamoDBClient;
  /** The ledger table: the breaker items sit beside the lineages (docs/ledger.md, "Breaker items"). */
  readonly tableName: string;
}

/** Partition key of every item of one breaker. */
function breakerPk(key: BreakerKey): string {
  return `BREAKER#${breakerScope(key)}`;
}

/** Epoch seconds one day after `atMs` (epoch ms), the value of the TTL attribute. */
function expiresAfter(atMs: number): number {
  return Math.ceil(atMs / 1000) + BREAKER_ITEM_TTL_SECONDS;
}

/**
 * Breakers on DynamoDB, in the ledger table. Per queue and class: one counter item per fixed window
 * (`sk = WINDOW#<windowSeconds>s@<windowStartMs>`, counted with UpdateItem ADD, which DynamoDB applies atomically, so
 * concurrent failures never lose a count) and one state item (`sk = STATE`) whose `openUntil` is
 * set by a conditional UpdateItem that only succeeds while the breaker is closed, so exactly one
 * caller opens it. Both refresh `expiresAt` so DynamoDB TTL removes them a day after they stop mattering.
 */
class DynamoDbBreaker implements BreakerPort {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbBreakerOptions) {
    this.#doc = DynamoDBDocumentClient.from(options.client);
    this.#table = options.tableName;
  }

  async pausedUntil(key: BreakerKey, now: number): Promise<number | undefined> {
    const { Item } = await sendToLedger(
      this.#doc,
      new GetCommand({
        TableName: this.#table,
        Key: { pk: breakerPk(key), sk: 'STATE' },
        ConsistentRead: true,
      }),
    );
    const openUntil = Item?.openUntil;
    return typeof openUntil === 'number' && openUntil > now ? openUntil : undefined;
  }

  async recordFailure(key: BreakerKey, at: number, settings: BreakerSettings): Promise<RecordFailureResult> {
    const start = windowStartMs(at, settings.windowSeconds);
    const { Attributes } = await sendToLedger(
      this.#doc,
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: breakerPk(key), sk: `WINDOW#${windowKey(at, settings.windowSeconds)}` },
        UpdateExpression: 'ADD #count :one SET #exp = :exp',
        ExpressionAttributeNames: { '#count': 'count', '#exp': LEDGER_TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':exp': expiresAfter(start + settings.windowSeconds * 1000),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = typeof Attributes?.count === 'number' ? Attributes.count : 1;
    if (count < settings.threshold) return { count, opened: false };

    const openUntil = at + settings.cooldownSeconds * 1000;
    try {
      await sendToLedger(
        this.#doc,
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: breakerPk(key), sk: 'STATE' },
          UpdateExpression: 'SET #open = :until, #openedAt = :now, #exp = :exp',
          ConditionExpression: 'attribute_not_exists(#open) OR #open <= :now',
          ExpressionAttributeNames: {
            '#open': 'openUntil',
            '#openedAt': 'openedAt',
            '#exp': LEDGER_TTL_ATTRIBUTE,
          },
          ExpressionAttributeValues: { ':until': openUntil, ':now': at, ':exp': expiresAfter(openUntil) },
        }),
      );
      return { count, opened: true, openUntil };
    } catch (error) {
      // The breaker is already open: another failure opened it first.
      if (isConditionFailure(error)) return { count, opened: false };
      throw error;
    }
  }
}

/** Breakers per job queue and failure class in the ledger table `tableName` (docs/ledger.md). */
export function createDynamoDbBreaker(options: DynamoDbBreakerOptions): BreakerPort {
  return new DynamoDbBreaker(options);
}
