import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AlertWindowPort,
  DigestClaim,
  Registration,
  WindowCount,
  WindowTotals,
} from '#core/ports/index.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import { ConditionFailed, sendToLedger } from './send.js';

/** Sample job ids kept per window: each id fills the slot its hash names, if that slot is empty. */
export const SAMPLE_SLOTS = 5;

/** A window item outlives its end by a day, then DynamoDB TTL may delete it. */
const WINDOW_TTL_SECONDS = 24 * 3600;

const QUEUE_PREFIX = 'q#';
const SAMPLE_PREFIX = 's#';

export interface DynamoDbAlertWindowsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

function windowKey(fingerprint: string, windowStart: number): { pk: string; sk: string } {
  return { pk: `ALERTS#${fingerprint}`, sk: `W#${windowStart}` };
}

function digestKeyOf(digestKey: string, windowStart: number): { pk: string; sk: string } {
  return { pk: `DIGEST#${digestKey}`, sk: `W#${windowStart}` };
}

/** A small, stable hash (FNV-1a) choosing a job id's sample slot. */
function slotOf(jobId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < jobId.length; i++) hash = Math.imul(hash ^ jobId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SAMPLE_SLOTS;
}

function totalsOf(fingerprint: string, item: Record<string, unknown>): WindowTotals {
  const byQueue: Record<string, number> = {};
  const sampleJobIds: string[] = [];
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(QUEUE_PREFIX) && typeof value === 'number')
      byQueue[name.slice(QUEUE_PREFIX.length)] = value;
    if (name.startsWith(SAMPLE_PREFIX) && typeof value === 'string') sampleJobIds.push(value);
  }
  return {
    fingerprint,
    count: Number(item.n ?? 0),
    leadSent: item.leadSent === true,
    byQueue,
    sampleJobIds: sampleJobIds.sort(),
    first: typeof item.first === 'string' ? item.first : undefined,
  };
}

/**
 * Alert aggregation windows in the ledger table: one item per fingerprint and window
 * (`pk = ALERTS#<fingerprint>`, `sk = W#<window start ms>`), and one per digest
 * (`pk = DIGEST#<digest key>`, same `sk`) listing the fingerprints whose windows it sends. Counting
 * is one conditional UpdateItem (ADD), which also counts per queue and fills a sample slot, and
 * refuses a window whose digest is being sent; the first alert of a window reads the previous window
 * once and registers the window with its digest. The digest is claimed with a lease and marked sent
 * afterwards, so a crash between the two sends it again rather than never.
 */
class DynamoDbAlertWindows implements AlertWindowPort {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbAlertWindowsOptions) {
    this.#doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { convertEmptyValues: false },
    });
    this.#table = options.tableName;
  }

  #update(
    key: { pk: string; sk: string },
    update: string,
    condition: string | undefined,
    names: Record<string, string>,
    values: Record<string, unknown>,
    returnValues: 'ALL_NEW' | 'UPDATED_OLD' | 'NONE' = 'ALL_NEW',
  ) {
    return sendToLedger(
      this.#doc,
      new UpdateCommand({
        TableName: this.#table,
        Key: key,
        UpdateExpression: update,
        ...(condition === undefined ? {} : { ConditionExpression: condition }),
        ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
        ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
        ReturnValues: returnValues,
      }),
    );
  }

  async count(args: Parameters<AlertWindowPort['count']>[0]): Promise<WindowCount> {
    const size = args.windowSeconds * 1000;
    const windowStart = Math.floor(args.at / size) * size;
    const names: Record<string, string> = { '#n': 'n', '#exp': LEDGER_TTL_ATTRIBUTE };
    const values: Record<string, unknown> = {
      ':one': 1,
      ':exp': Math.ceil((windowStart + size) / 1000) + WINDOW_TTL_SECONDS,
    };
    let add = 'ADD #n :one';
    const set = ['#exp = :exp'];
    if (args.jobQueue !== undefined) {
      names['#q'] = `${QUEUE_PREFIX}${args.jobQueue}`;
      add += ', #q :one';
    }
    if (args.jobId !== undefined) {
      names['#s'] = `${SAMPLE_PREFIX}${slotOf(args.jobId)}`;
      values[':id'] = args.jobId;
      set.push('#s = if_not_exists(#s, :id)');
    }
    let item: Record<string, unknown>;
    try {
      // A window whose digest was claimed has been read: an alert counted now would be missed.
      const output = await this.#update(
        windowKey(args.fingerprint, windowStart),
        `${add} SET ${set.join(', ')}`,
        'attribute_not_exists(closedAt)',
        names,
        values,
      );
      item = output.Attributes ?? {};
    } catch (error) {
      if (error instanceof ConditionFailed) return { late: true };
      throw error;
    }
    const count = Number(item.n ?? 0);
    const previousActive = count === 1 && (await this.#counted(args.fingerprint, windowStart - size));
    return { late: false, count, windowStart, registered: item.registered === true, previousActive };
  }

  async #counted(fingerprint: string, windowStart: number): Promise<boolean> {
    const { Item } = await sendToLedger(
      this.#doc,
      new GetCommand({
        TableName: this.#table,
        Key: windowKey(fingerprint, windowStart),
        ConsistentRead: true,
      }),
    );
    return Number(Item?.n ?? 0) > 0;
  }

  async register(args: Parameters<AlertWindowPort['register']>[0]): Promise<Registration> {
    try {
      const output = await this.#update(
        digestKeyOf(args.digestKey, args.windowStart),
        'ADD fingerprints :fp SET #exp = :exp',
        'attribute_not_exists(claimUntil) AND attribute_not_exists(digestedAt)',
        { '#exp': LEDGER_TTL_ATTRIBUTE },
        {
          ':fp': new Set([args.fingerprint]),
          ':exp': Math.ceil(args.windowStart / 1000) + 2 * WINDOW_TTL_SECONDS,
        },
      );
      return output.Attributes?.timerQueued === true ? 'timer-queued' : 'timer-needed';
    } catch (error) {
      if (error instanceof ConditionFailed) return 'closed';
      throw error;
    }
  }

  async markRegistered(args: Parameters<AlertWindowPort['markRegistered']>[0]): Promise<void> {
    await this.#update(
      windowKey(args.fingerprint, args.windowStart),
      `SET registered = :t, #first = if_not_exists(#first, :first)${args.leadSent ? ', leadSent = :t' : ''}`,
      undefined,
      { '#first': 'first' },
      { ':t': true, ':first': args.first },
      'NONE',
    );
    if (!args.timerQueued) return;
    await this.#update(
      digestKeyOf(args.digestKey, args.windowStart),
      'SET timerQueued = :t',
      undefined,
      {},
      { ':t': true },
      'NONE',
    );
  }

  async claimDigest(
    digestKey: string,
    windowStart: number,
    now: number,
    leaseMs: number,
  ): Promise<DigestClaim> {
    let fingerprints: string[];
    try {
      const output = await this.#update(
        digestKeyOf(digestKey, windowStart),
        'SET claimUntil = :until',
        'attribute_exists(pk) AND attribute_not_exists(digestedAt) AND (attribute_not_exists(claimUntil) OR claimUntil < :now)',
        {},
        { ':until': now + leaseMs, ':now': now },
      );
      const listed = output.Attributes?.fingerprints;
      fingerprints = listed instanceof Set ? [...(listed as Set<string>)].sort() : [];
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      const { Item } = await sendToLedger(
        this.#doc,
        new GetCommand({
          TableName: this.#table,
          Key: digestKeyOf(digestKey, windowStart),
          ConsistentRead: true,
        }),
      );
      return Item === undefined || Item.digestedAt !== undefined ? { kind: 'done' } : { kind: 'busy' };
    }
    const windows: WindowTotals[] = [];
    for (const fingerprint of fingerprints) {
      try {
        // Closing a window stops its counting; its totals are final from here on.
        const output = await this.#update(
          windowKey(fingerprint, windowStart),
          'SET closedAt = if_not_exists(closedAt, :now)',
          'attribute_exists(pk)',
          {},
          { ':now': now },
        );
        windows.push(totalsOf(fingerprint, output.Attributes ?? {}));
      } catch (error) {
        // The window expired meanwhile: nothing of it is left to send.
        if (!(error instanceof ConditionFailed)) throw error;
      }
    }
    return { kind: 'claimed', windows };
  }

  async markDigested(
    digestKey: string,
    windowStart: number,
    _fingerprints: readonly string[],
    now: number,
  ): Promise<void> {
    try {
      await this.#update(
        digestKeyOf(digestKey, windowStart),
        'SET digestedAt = :now',
        'attribute_exists(pk)',
        {},
        { ':now': now },
        'NONE',
      );
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
    }
  }
}

/** Alert aggregation windows in the ledger table (see {@link DynamoDbAlertWindows}). */
export function createDynamoDbAlertWindows(options: DynamoDbAlertWindowsOptions): AlertWindowPort {
  return new DynamoDbAlertWindows(options);
}
