import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Lineage, OperatorAction } from '#core/lineage/index.js';
import type { OperatorLedgerPort, OperatorWriteResult } from '#core/ports/index.js';
import { expiresAtFor, fromLineageItem, lineageKey } from './ledger-item.js';
import { LEDGER_TTL_ATTRIBUTE } from './ledger-table.js';
import { queryLineages } from './lineage-list.js';
import { ConditionFailed, sendToLedger } from './send.js';

export interface DynamoDbOperatorLedgerOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Days after the write until `expiresAt`. @default 30 */
  readonly ttlDays?: number;
}

type Args<K extends keyof OperatorLedgerPort> = Parameters<OperatorLedgerPort[K]>[0];

/** One operator write: its SET and REMOVE clauses, extra condition, names and values. */
interface OperatorUpdate {
  readonly set: readonly string[];
  readonly remove?: readonly string[];
  readonly condition?: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * The operator commands' writes on the ledger table. Each is one UpdateItem on the lineage item,
 * conditional on the version the person read (`version = :seen`, plus what the action needs), that
 * bumps the version, refreshes `expiresAt` and appends the action to `operatorActions`; a failed
 * condition returns the lineage as it is now, so the caller can say who changed it.
 */
export function createDynamoDbOperatorLedger(options: DynamoDbOperatorLedgerOptions): OperatorLedgerPort {
  const doc = DynamoDBDocumentClient.from(options.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = options.tableName;
  const ttlDays = options.ttlDays ?? 30;

  const write = async (
    rootJobId: string,
    expectedVersion: number,
    action: OperatorAction,
    update: OperatorUpdate,
  ): Promise<OperatorWriteResult> => {
    const set = [
      ...update.set,
      '#ops = list_append(if_not_exists(#ops, :none), :op)',
      '#v = #v + :one',
      '#exp = :exp',
    ];
    const remove =
      update.remove === undefined || update.remove.length === 0 ? '' : ` REMOVE ${update.remove.join(', ')}`;
    try {
      const { Attributes } = await sendToLedger(
        doc,
        new UpdateCommand({
          TableName: table,
          Key: lineageKey(rootJobId),
          UpdateExpression: `SET ${set.join(', ')}${remove}`,
          ConditionExpression: `#v = :seen${update.condition === undefined ? '' : ` AND (${update.condition})`}`,
          ExpressionAttributeNames: {
            '#v': 'version',
            '#exp': LEDGER_TTL_ATTRIBUTE,
            '#ops': 'operatorActions',
            ...update.names,
          },
          ExpressionAttributeValues: {
            ':seen': expectedVersion,
            ':none': [],
            ':op': [action],
            ':one': 1,
            ':exp': expiresAtFor(action.at, ttlDays),
            ...update.values,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      if (Attributes === undefined) throw new ConditionFailed(undefined);
      return { outcome: 'written', lineage: fromLineageItem(Attributes) };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      return {
        outcome: 'changed',
        lineage: error.item === undefined ? await read(rootJobId) : fromLineageItem(error.item),
      };
    }
  };

  const read = async (rootJobId: string): Promise<Lineage | undefined> => {
    const { Item } = await sendToLedger(
      doc,
      new GetCommand({ TableName: table, Key: lineageKey(rootJobId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : fromLineageItem(Item);
  };

  return {
    listLineages: (query) => queryLineages(doc, table, query),

    reopenWithRetry: ({ rootJobId, expectedVersion, decision, action }: Args<'reopenWithRetry'>) =>
      write(rootJobId, expectedVersion, action, {
        set: ['#d.#j = :decision', '#st = :open'],
        remove: ['#closed'],
        condition: '#st <> :open AND attribute_exists(#d.#j)',
        names: { '#d': 'decisions', '#j': decision.failedJobId, '#st': 'status', '#closed': 'closedAt' },
        values: { ':decision': decision, ':open': 'OPEN' },
      }),

    bringRetryForward: ({ rootJobId, expectedVersion, failedJobId, action }: Args<'bringRetryForward'>) =>
      write(rootJobId, expectedVersion, action, {
        set: ['#d.#j.#due = :due'],
        condition: '#st = :open AND #d.#j.#act = :retry AND attribute_not_exists(#d.#j.#sub)',
        names: {
          '#d': 'decisions',
          '#j': failedJobId,
          '#due': 'dueAt',
          '#st': 'status',
          '#act': 'action',
          '#sub': 'submission',
        },
        values: { ':due': action.dueAt ?? action.at, ':open': 'OPEN', ':retry': 'RETRY' },
      }),

    cancelRetry: ({ rootJobId, expectedVersion, failedJobId, action }: Args<'cancelRetry'>) =>
      write(rootJobId, expectedVersion, action, {
        set: ['#st = :cancelled', '#closed = :at'],
        condition: '#st = :open AND #d.#j.#act = :retry AND attribute_not_exists(#d.#j.#sub)',
        names: {
          '#d': 'decisions',
          '#j': failedJobId,
          '#st': 'status',
          '#closed': 'closedAt',
          '#act': 'action',
          '#sub': 'submission',
        },
        values: { ':cancelled': 'CANCELLED', ':at': action.at, ':open': 'OPEN', ':retry': 'RETRY' },
      }),
  };
}
