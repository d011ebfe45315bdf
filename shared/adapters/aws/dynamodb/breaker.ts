import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { breakerScope, bucketsToAdd, slidingCount, staleBuckets } from '#core/breaker/index.js';
import type { BreakerCount, BreakerKey, BreakerPort, BreakerSettings } from '#core/ports/index.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import { ConditionFailed, sendToLedger } from './send.js';

/** How long a breaker item lives after its last write: one day past its window and cooldown, in seconds. */
const BREAKER_ITEM_TTL_SECONDS = 86_400;

/** Stale buckets one write removes at most (the rest go with the next write). */
const MAX_REMOVED_PER_WRITE = 20;

export interface DynamoDbBreakerOptions {
  /** A DynamoDB client (region, endpoint, credentials and retry mode are the caller's choice). */
  readonly client: DynamoDBClient;
  /** The ledger table: the breaker items sit beside the lineages (docs/ledger.md, "Breaker items"). */
  readonly tableName: string;
}

function stateKey(key: BreakerKey): { pk: string; sk: string } {
  return { pk: `BREAKER#${breakerScope(key)}`, sk: 'STATE' };
}

/**
 * Breakers on DynamoDB, in the ledger table: one item per queue and class (`pk = BREAKER#<queue>#<class>`,
 * `sk = STATE`) holding the sliding window's buckets (`b<window>_<start s>`, counted with UpdateItem
 * ADD, which DynamoDB applies atomically) and `openUntil`. One UpdateItem per call counts every
 * failure of an SQS batch and returns the whole item (ReturnValues ALL_NEW), so the caller learns the
 * count and whether the breaker is open without a read. Opening is a second, conditional write that
 * only succeeds while the breaker is closed, so exactly one caller opens it. Stale buckets this
 * container saw are removed in its next write.
 */
class DynamoDbBreaker implements BreakerPort {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  /** Bucket names seen in the last answer, per breaker, so the next write can remove the stale ones. */
  readonly #seen = new Map<string, readonly string[]>();

  constructor(options: DynamoDbBreakerOptions) {
    this.#doc = DynamoDBDocumentClient.from(options.client);
    this.#table = options.tableName;
  }

  async pausedUntil(key: BreakerKey, now: number): Promise<number | undefined> {
    const { Item } = await sendToLedger(
      this.#doc,
      new GetCommand({ TableName: this.#table, Key: stateKey(key), ConsistentRead: true }),
    );
    const openUntil = Item?.openUntil;
    return typeof openUntil === 'number' && openUntil > now ? openUntil : undefined;
  }

  async recordFailures(
    key: BreakerKey,
    failureTimes: readonly number[],
    settings: BreakerSettings,
    now: number,
  ): Promise<BreakerCount> {
    const scope = breakerScope(key);
    const added = [...bucketsToAdd(failureTimes, now, settings.windowSeconds)];
    const stale = staleBuckets(this.#seen.get(scope) ?? [], now).slice(0, MAX_REMOVED_PER_WRITE);
    const expiresAt =
      Math.ceil(now / 1000) + settings.windowSeconds + settings.cooldownSeconds + BREAKER_ITEM_TTL_SECONDS;
    const names: Record<string, string> = { '#exp': LEDGER_TTL_ATTRIBUTE };
    const values: Record<string, unknown> = { ':exp': expiresAt };
    added.forEach(([name, n], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = n;
    });
    stale.forEach((name, i) => {
      names[`#s${i}`] = name;
    });
    const add = added.length === 0 ? '' : ` ADD ${added.map((_, i) => `#a${i} :a${i}`).join(', ')}`;
    const remove = stale.length === 0 ? '' : ` REMOVE ${stale.map((_, i) => `#s${i}`).join(', ')}`;
    const { Attributes = {} } = await sendToLedger(
      this.#doc,
      new UpdateCommand({
        TableName: this.#table,
        Key: stateKey(key),
        UpdateExpression: `SET #exp = :exp${add}${remove}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const buckets = Object.fromEntries(
      Object.entries(Attributes).filter(
        (e): e is [string, number] => e[0].startsWith('b') && typeof e[1] === 'number',
      ),
    );
    this.#seen.set(scope, Object.keys(buckets));
    const count = slidingCount(buckets, now, settings.windowSeconds);
    const current = Attributes.openUntil;
    if (typeof current === 'number' && current > now) return { count, opened: false, openUntil: current };
    if (count < settings.threshold) return { count, opened: false };
    return this.#open(key, now, settings, count, expiresAt);
  }

  /** Opens the breaker unless another caller did first (then reports its opening). */
  async #open(
    key: BreakerKey,
    now: number,
    settings: BreakerSettings,
    count: number,
    expiresAt: number,
  ): Promise<BreakerCount> {
    const openUntil = now + settings.cooldownSeconds * 1000;
    try {
      await sendToLedger(
        this.#doc,
        new UpdateCommand({
          TableName: this.#table,
          Key: stateKey(key),
          UpdateExpression: 'SET #open = :until, #openedAt = :now, #exp = :exp',
          ConditionExpression: 'attribute_not_exists(#open) OR #open <= :now',
          ExpressionAttributeNames: {
            '#open': 'openUntil',
            '#openedAt': 'openedAt',
            '#exp': LEDGER_TTL_ATTRIBUTE,
          },
          ExpressionAttributeValues: { ':until': openUntil, ':now': now, ':exp': expiresAt },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { count, opened: true, openUntil };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      const other = error.item?.openUntil ?? (await this.pausedUntil(key, now));
      return typeof other === 'number'
        ? { count, opened: false, openUntil: other }
        : { count, opened: false };
    }
  }
}

/** Breakers per job queue and failure class in the ledger table `tableName` (docs/ledger.md). */
export function createDynamoDbBreaker(options: DynamoDbBreakerOptions): BreakerPort {
  return new DynamoDbBreaker(options);
}
