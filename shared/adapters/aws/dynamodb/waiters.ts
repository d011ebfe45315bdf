import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Waiter, WaiterStore } from '#core/ports/index.js';
import { expiresAtFor } from './ledger-item.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import { queryPartition } from './query-partition.js';
import { sendToLedger } from './send.js';

/** Default days a waiter is kept when nothing answers it (the lineage age limit is 14 days). */
const DEFAULT_WAITER_TTL_DAYS = 30;

export interface DynamoDbWaitersOptions {
  readonly client: DynamoDBClient;
  /** The ledger table: waiter items sit beside the lineages (docs/ledger.md, "Waiter items"). */
  readonly tableName: string;
  /** Days after registration until `expiresAt`. @default 30 */
  readonly ttlDays?: number;
}

/** Task tokens run to about a kilobyte, past DynamoDB's sort key limit: the key holds their hash. */
function waiterKey(rootJobId: string, taskToken: string): { pk: string; sk: string } {
  return {
    pk: `WAITER#${rootJobId}`,
    sk: `TOKEN#${createHash('sha256').update(taskToken).digest('hex')}`,
  };
}

/**
 * Waiting Step Functions tasks in the ledger table: one item per task token,
 * `pk = WAITER#<rootJobId>`, `sk = TOKEN#<sha256 of the token>`, so one consistent Query finds every
 * task waiting on a lineage. Registering twice overwrites the same item; TTL removes waiters nobody
 * answered.
 */
export function createDynamoDbWaiters(options: DynamoDbWaitersOptions): WaiterStore {
  const doc = DynamoDBDocumentClient.from(options.client);
  const table = options.tableName;
  const ttlDays = options.ttlDays ?? DEFAULT_WAITER_TTL_DAYS;
  return {
    async register(waiter: Waiter): Promise<void> {
      await sendToLedger(
        doc,
        new PutCommand({
          TableName: table,
          Item: {
            ...waiterKey(waiter.rootJobId, waiter.taskToken),
            ...waiter,
            [LEDGER_TTL_ATTRIBUTE]: expiresAtFor(waiter.registeredAt, ttlDays),
          },
        }),
      );
    },

    async waitersOf(rootJobId: string): Promise<readonly Waiter[]> {
      return (await queryPartition(doc, table, `WAITER#${rootJobId}`)).map((item) => ({
        rootJobId: String(item.rootJobId),
        jobId: String(item.jobId),
        taskToken: String(item.taskToken),
        registeredAt: Number(item.registeredAt),
      }));
    },

    async remove(waiter: Pick<Waiter, 'rootJobId' | 'taskToken'>): Promise<void> {
      await sendToLedger(
        doc,
        new DeleteCommand({ TableName: table, Key: waiterKey(waiter.rootJobId, waiter.taskToken) }),
      );
    },
  };
}
