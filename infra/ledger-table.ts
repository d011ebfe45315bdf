import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { LEDGER_TTL_ATTRIBUTE, ledgerTableDefinition } from '#adapters/aws/dynamodb/index.js';

/**
 * The ledger table, built from the same definition the tests create on dynalite
 * (`ledgerTableDefinition`): its keys and on-demand billing come from there, so the two cannot
 * drift, and neither can its global secondary index (`lineages-by-day`, for `batch-retry lineage
 * list`). On top: TTL on `expiresAt`, point-in-time recovery, and the stack's KMS key (stored
 * SubmitJob requests may hold environment values).
 */
export function createLedgerTable(
  scope: Construct,
  id: string,
  props: { readonly key: IKey; readonly removalPolicy: RemovalPolicy },
): Table {
  const definition = ledgerTableDefinition('unused');
  const keyOf = (type: 'HASH' | 'RANGE') => {
    const name = definition.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
    const attribute = definition.AttributeDefinitions?.find((a) => a.AttributeName === name);
    if (name === undefined || attribute?.AttributeType !== 'S') {
      throw new Error(`ledgerTableDefinition has no string ${type} key`);
    }
    return { name, type: AttributeType.STRING };
  };
  if (definition.BillingMode !== 'PAY_PER_REQUEST') {
    throw new Error('ledgerTableDefinition must use on-demand billing');
  }
  const table = new Table(scope, id, {
    partitionKey: keyOf('HASH'),
    sortKey: keyOf('RANGE'),
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: LEDGER_TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: props.key,
    removalPolicy: props.removalPolicy,
  });
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    const key = (type: 'HASH' | 'RANGE') => {
      const name = index.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
      if (name === undefined) throw new Error(`index ${index.IndexName} has no ${type} key`);
      return { name, type: AttributeType.STRING };
    };
    if (index.IndexName === undefined || index.Projection?.ProjectionType !== 'INCLUDE') {
      throw new Error('ledgerTableDefinition: every index is named and projects INCLUDE attributes');
    }
    table.addGlobalSecondaryIndex({
      indexName: index.IndexName,
      partitionKey: key('HASH'),
      sortKey: key('RANGE'),
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...(index.Projection.NonKeyAttributes ?? [])],
    });
  }
  return table;
}
