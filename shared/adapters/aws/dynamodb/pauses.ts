import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { breakerQueueName } from '#core/breaker/index.js';
import { OrchestratorError } from '#core/errors.js';
import type { PauseKey, PauseResult, PauseStore, ResumeResult, RetryPause } from '#core/ports/index.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import { queryPartition } from './query-partition.js';
import { ConditionFailed, sendToLedger } from './send.js';

/** How long a pause item outlives its end, in seconds (open-ended pauses never expire). */
const ENDED_PAUSE_TTL_SECONDS = 86_400;

export interface DynamoDbPausesOptions {
  readonly client: DynamoDBClient;
  /** The ledger table: pause items sit beside the lineages (docs/ledger.md, "Pause items"). */
  readonly tableName: string;
  /**
   * How long `activePauses` answers from memory, in ms (the resubmit function reads pauses before
   * each due retry: one Query per period per container). A pause or resume takes effect within it.
   * @default 0 (no cache)
   */
  readonly cacheMs?: number;
}

const PAUSES_PK = 'PAUSE';

function pauseKey(key: PauseKey): { pk: string; sk: string } {
  return { pk: PAUSES_PK, sk: `${breakerQueueName(key.jobQueue)}#${key.failureClass ?? '*'}` };
}

function toPause(item: Record<string, unknown>): RetryPause {
  const { pk: _pk, sk: _sk, [LEDGER_TTL_ATTRIBUTE]: _exp, ...pause } = item;
  return pause as unknown as RetryPause;
}

/**
 * Retry pauses in the ledger table: one item per queue and class (`pk = PAUSE`,
 * `sk = <queue name>#<class or *>`), so one Query reads every pause. A pause is written only when
 * none of that queue and class is in force (a conditional PutItem), and ended by a conditional
 * DeleteItem that returns the pause it ended. `activePauses` is cached for `cacheMs`, with concurrent
 * callers sharing one read.
 */
export function createDynamoDbPauses(options: DynamoDbPausesOptions): PauseStore {
  const doc = DynamoDBDocumentClient.from(options.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = options.tableName;
  const cacheMs = options.cacheMs ?? 0;
  let cached: { readonly at: number; readonly pauses: Promise<readonly RetryPause[]> } | undefined;

  const readAll = async (): Promise<readonly RetryPause[]> =>
    (await queryPartition(doc, table, PAUSES_PK)).map(toPause);

  return {
    async activePauses(now: number): Promise<readonly RetryPause[]> {
      if (cached === undefined || now - cached.at >= cacheMs || now < cached.at) {
        const pauses = readAll();
        cached = { at: now, pauses };
        pauses.catch(() => {
          if (cached?.pauses === pauses) cached = undefined;
        });
      }
      const all = await cached.pauses;
      return all.filter((p) => p.until === undefined || p.until > now);
    },

    async pause(pause: RetryPause): Promise<PauseResult> {
      const stored: RetryPause = { ...pause, jobQueue: breakerQueueName(pause.jobQueue) };
      try {
        await sendToLedger(
          doc,
          new PutCommand({
            TableName: table,
            Item: {
              ...pauseKey(stored),
              ...stored,
              ...(stored.until === undefined
                ? {}
                : { [LEDGER_TTL_ATTRIBUTE]: Math.ceil(stored.until / 1000) + ENDED_PAUSE_TTL_SECONDS }),
            },
            ConditionExpression: 'attribute_not_exists(pk) OR (attribute_exists(#until) AND #until <= :now)',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':now': pause.at },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        cached = undefined;
        return { outcome: 'paused', pause: stored };
      } catch (error) {
        if (!(error instanceof ConditionFailed)) throw error;
        const current =
          error.item === undefined
            ? (await readAll()).find((p) => pauseKey(p).sk === pauseKey(stored).sk)
            : toPause(error.item);
        if (current === undefined) {
          throw new OrchestratorError(
            `the pause of queue ${stored.jobQueue} ended while this one was being written; run the command again`,
            { transient: true, cause: error },
          );
        }
        return { outcome: 'already', pause: current };
      }
    },

    async resume(key: PauseKey, now: number): Promise<ResumeResult> {
      try {
        const { Attributes } = await sendToLedger(
          doc,
          new DeleteCommand({
            TableName: table,
            Key: pauseKey(key),
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#until) OR #until > :now)',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':now': now },
            ReturnValues: 'ALL_OLD',
          }),
        );
        cached = undefined;
        return Attributes === undefined
          ? { outcome: 'not-paused' }
          : { outcome: 'resumed', pause: toPause(Attributes) };
      } catch (error) {
        if (error instanceof ConditionFailed) return { outcome: 'not-paused' };
        throw error;
      }
    },
  };
}
