import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SweepCursor, SweepCursorPort, SweepPosition } from '#core/ports/index.js';
import { ConditionFailed, sendToLedger } from './send.js';

/** The cursor's key: its own partition key prefix, beside the lineage and breaker items. */
export const SWEEP_CURSOR_KEY = { pk: 'RECONCILE#failed-jobs', sk: 'CURSOR' } as const;

/**
 * The reconcile sweep's cursor as one item of the ledger table (no TTL: it must outlive quiet
 * weeks). `advance` is one conditional PutItem on `version` (or on the item's absence for the first
 * sweep), so two sweeps running at once cannot both move it.
 */
export function createDynamoDbSweepCursor(options: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}): SweepCursorPort {
  const doc = DynamoDBDocumentClient.from(options.client);
  const table = options.tableName;
  return {
    async read(): Promise<SweepCursor | undefined> {
      const { Item } = await sendToLedger(
        doc,
        new GetCommand({ TableName: table, Key: SWEEP_CURSOR_KEY, ConsistentRead: true }),
      );
      if (Item === undefined) return undefined;
      return {
        position: { at: Number(Item.at), jobId: String(Item.jobId ?? '') },
        version: Number(Item.version),
      };
    },

    async advance(position: SweepPosition, expectedVersion: number | undefined): Promise<boolean> {
      try {
        await sendToLedger(
          doc,
          new PutCommand({
            TableName: table,
            Item: {
              ...SWEEP_CURSOR_KEY,
              at: position.at,
              jobId: position.jobId,
              version: (expectedVersion ?? 0) + 1,
              updatedAt: new Date().toISOString(),
            },
            ...(expectedVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#v = :expected',
                  ExpressionAttributeNames: { '#v': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                }),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionFailed) return false;
        throw error;
      }
    },
  };
}
