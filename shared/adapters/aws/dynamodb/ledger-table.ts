import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { LINEAGE_LIST_INDEX } from './lineage-list-keys.js';

/**
 * Name of the TTL attribute on every ledger item: epoch seconds, refreshed by each write. Enable
 * TTL on it (UpdateTimeToLive, or `timeToLiveAttribute` in CDK); DynamoDB deletes expired items
 * within a few days, never before `expiresAt`.
 */
export const LEDGER_TTL_ATTRIBUTE = 'expiresAt';

/**
 * The ledger table: string partition key `pk` and sort key `sk`, on-demand billing, and the global
 * secondary index `lineages-by-day` (`openedDay`, `openedOrder`, INCLUDE projection) that
 * `batch-retry lineage list` queries. TTL cannot be set in CreateTable; enable it on
 * {@link LEDGER_TTL_ATTRIBUTE} afterwards. Used by the tests (against dynalite) and as the reference
 * for the CDK table.
 */
export function ledgerTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: LINEAGE_LIST_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: LINEAGE_LIST_INDEX.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: LINEAGE_LIST_INDEX.name,
        KeySchema: [
          { AttributeName: LINEAGE_LIST_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: LINEAGE_LIST_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...LINEAGE_LIST_INDEX.projected] },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
