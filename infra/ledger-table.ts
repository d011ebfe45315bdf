import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { LEDGER_TTL_ATTRIBUTE, ledgerTableDefinition } from '#adapters/aws/dynamodb/index.js';

/**
 * The ledger table, built from the same definition the tests create on dynalite
 * (`ledgerTableDefinition`): its keys and on-demand billing come from there, so the two cannot
 * drift. On top: TTL on `expiresAt`, point-in-time recovery, and the stack's KMS key (stored
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
  return new Table(scope, id, {
    partitionKey: keyOf('HASH'),
    sortKey: keyOf('RANGE'),
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: LEDGER_TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: props.key,
    removalPolicy: props.removalPolicy,
  });
}
