import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Admission,
  type BreakerState,
  breakerPhase,
  breakerScope,
  bucketsToAdd,
  type ProbePlan,
  parkUntil,
  slidingCount,
  staleBuckets,
} from '#core/breaker/index.js';
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
    if (typeof current === 'number' && current > now) {
      return { count, opened: false, openUntil: current, parkUntil: current };
    }
    if (count < settings.threshold) {
      const park = parkUntil(stateOf(Attributes), now);
      return { count, opened: false, ...(park === undefined ? {} : { parkUntil: park }) };
    }
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
          UpdateExpression: 'SET #open = :until, #openedAt = :now, #exp = :exp REMOVE probes, probeUntil',
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
      return { count, opened: true, openUntil, parkUntil: openUntil };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      const other = error.item?.openUntil ?? (await this.pausedUntil(key, now));
      return typeof other === 'number'
        ? { count, opened: false, openUntil: other, parkUntil: other }
        : { count, opened: false };
    }
  }

  async admit(key: BreakerKey, now: number, plan: ProbePlan, again = true): Promise<Admission> {
    const { Item } = await sendToLedger(
      this.#doc,
      new GetCommand({ TableName: this.#table, Key: stateKey(key), ConsistentRead: true }),
    );
    const state = stateOf(Item ?? {});
    const phase = breakerPhase(state, now);
    if (phase === 'closed')
      return state.closedAt === undefined ? { kind: 'closed' } : { kind: 'closed', closedAt: state.closedAt };
    if (phase === 'open') return { kind: 'open', until: state.openUntil ?? now };
    const openedAt = state.openedAt ?? now;
    // Every write below holds only while the breaker is still in the phase this read saw.
    const samePhase = '#openedAt = :openedAt AND (attribute_not_exists(closedAt) OR closedAt < :openedAt)';
    const names = { '#openedAt': 'openedAt' };
    try {
      if (state.probeUntil !== undefined && now >= state.probeUntil) {
        await this.#update(key, 'SET closedAt = :now', samePhase, names, {
          ':now': now,
          ':openedAt': openedAt,
        });
        return { kind: 'closed-now', closedAt: now, openedAt };
      }
      if ((state.probes ?? 0) < plan.maxProbes) {
        await this.#update(
          key,
          'ADD probes :one SET probeUntil = if_not_exists(probeUntil, :probeUntil)',
          `${samePhase} AND (attribute_not_exists(probes) OR probes < :max)`,
          names,
          {
            ':one': 1,
            ':probeUntil': now + plan.probeSeconds * 1000,
            ':max': plan.maxProbes,
            ':openedAt': openedAt,
          },
        );
        return { kind: 'probe', openedAt };
      }
    } catch (error) {
      // Another worker took the last probe slot, closed the breaker or reopened it: look again.
      if (error instanceof ConditionFailed && again) return this.admit(key, now, plan, false);
      if (!(error instanceof ConditionFailed)) throw error;
    }
    return { kind: 'wait', until: Math.max(state.probeUntil ?? 0, now + 1000) };
  }

  async reopen(
    key: BreakerKey,
    probedOpenedAt: number,
    cooldownSeconds: number,
    now: number,
  ): Promise<boolean> {
    try {
      await this.#update(
        key,
        'SET openUntil = :until, #openedAt = :now REMOVE probes, probeUntil',
        '#openedAt = :openedAt AND (attribute_not_exists(closedAt) OR closedAt < :openedAt)',
        { '#openedAt': 'openedAt' },
        { ':until': now + cooldownSeconds * 1000, ':now': now, ':openedAt': probedOpenedAt },
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionFailed) return false;
      throw error;
    }
  }

  async #update(
    key: BreakerKey,
    update: string,
    condition: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<void> {
    await sendToLedger(
      this.#doc,
      new UpdateCommand({
        TableName: this.#table,
        Key: stateKey(key),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}

/** The half-open facts of a breaker item. */
function stateOf(item: Record<string, unknown>): BreakerState {
  const number = (name: string) => (typeof item[name] === 'number' ? { [name]: item[name] as number } : {});
  return {
    ...number('openUntil'),
    ...number('openedAt'),
    ...number('closedAt'),
    ...number('probes'),
    ...number('probeUntil'),
  };
}

/** Breakers per job queue and failure class in the ledger table `tableName` (docs/ledger.md). */
export function createDynamoDbBreaker(options: DynamoDbBreakerOptions): BreakerPort {
  return new DynamoDbBreaker(options);
}
