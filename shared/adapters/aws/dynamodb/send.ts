import type {
  DynamoDBDocumentClient,
  GetCommand,
  GetCommandOutput,
  PutCommand,
  PutCommandOutput,
  UpdateCommand,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { LedgerUnavailableError } from '#core/lineage/index.js';

type DocumentCommand = GetCommand | PutCommand | UpdateCommand;

type CommandOutput<C> = C extends GetCommand
  ? GetCommandOutput
  : C extends PutCommand
    ? PutCommandOutput
    : UpdateCommandOutput;

/** True for the error DynamoDB returns when a ConditionExpression does not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Sends one document-client command to the ledger table. A failed condition passes through (callers
 * read it as "someone else wrote first"); anything else (throttling, a network fault, a missing
 * table) becomes a transient LedgerUnavailableError naming the operation, so SQS redelivers and the
 * logs say what failed.
 */
export async function sendToLedger<C extends DocumentCommand>(
  doc: DynamoDBDocumentClient,
  command: C,
): Promise<CommandOutput<C>> {
  try {
    return (await doc.send(command as never)) as CommandOutput<C>;
  } catch (error) {
    if (isConditionFailure(error)) throw error;
    throw new LedgerUnavailableError(`${command.constructor.name.replace(/Command$/, '')}Item`, error);
  }
}
