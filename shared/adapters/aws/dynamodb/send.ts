import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type {
  DeleteCommand,
  DeleteCommandOutput,
  DynamoDBDocumentClient,
  GetCommand,
  GetCommandOutput,
  PutCommand,
  PutCommandOutput,
  QueryCommand,
  QueryCommandOutput,
  UpdateCommand,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { LedgerItemTooLargeError, LedgerUnavailableError } from '#core/lineage/index.js';

type DocumentCommand = GetCommand | PutCommand | UpdateCommand | DeleteCommand | QueryCommand;

type CommandOutput<C> = C extends GetCommand
  ? GetCommandOutput
  : C extends PutCommand
    ? PutCommandOutput
    : C extends DeleteCommand
      ? DeleteCommandOutput
      : C extends QueryCommand
        ? QueryCommandOutput
        : UpdateCommandOutput;

/**
 * A ConditionExpression did not hold: someone else wrote first, or the item is not in the state the
 * write needs. `item` is the item as it was, when DynamoDB returned it
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`; dynalite does not), else undefined.
 */
export class ConditionFailed extends Error {
  readonly item: Record<string, unknown> | undefined;

  constructor(item: Record<string, unknown> | undefined) {
    super('the condition of the write did not hold');
    this.name = 'ConditionFailed';
    this.item = item;
  }
}

/** True for the error DynamoDB returns when a ConditionExpression does not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** DynamoDB's answer to a write that would take an item past 400 KB. */
function isItemTooLarge(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /maximum allowed size/i.test(error.message)
  );
}

/**
 * Sends one document-client command to the ledger table. A failed condition becomes
 * {@link ConditionFailed} (callers read it as "someone else wrote first"); a write past DynamoDB's
 * item size limit becomes the permanent LedgerItemTooLargeError; anything else (throttling, a
 * network fault, a missing table) becomes a transient LedgerUnavailableError naming the operation,
 * so SQS redelivers and the logs say what failed.
 */
export async function sendToLedger<C extends DocumentCommand>(
  doc: DynamoDBDocumentClient,
  command: C,
): Promise<CommandOutput<C>> {
  try {
    return (await doc.send(command as never)) as CommandOutput<C>;
  } catch (error) {
    if (isConditionFailure(error)) {
      const old = (error as { Item?: Record<string, AttributeValue> }).Item;
      throw new ConditionFailed(old === undefined ? undefined : unmarshall(old));
    }
    const name = command.constructor.name.replace(/Command$/, '');
    const operation = name === 'Query' ? name : `${name}Item`;
    if (isItemTooLarge(error)) throw new LedgerItemTooLargeError(operation, error);
    throw new LedgerUnavailableError(operation, error);
  }
}
