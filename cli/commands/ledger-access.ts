import { Option } from 'commander';
import type { LedgerPort, OperatorLedgerPort } from '#core/ports/index.js';
import { type AwsOptionValues, type AwsSettings, awsCall, resolveAws, unusableInput } from '../kit/index.js';

/** Ledger table used when neither `--table` nor `BATCH_RETRY_LEDGER_TABLE` names one. */
export const DEFAULT_LEDGER_TABLE = 'batch-retry-ledger';

/** `--table <name>`, for every command that reads or writes the ledger. */
export function tableOption(): Option {
  return new Option('--table <name>', 'ledger table').default(
    undefined,
    `$BATCH_RETRY_LEDGER_TABLE, else ${DEFAULT_LEDGER_TABLE}`,
  );
}

/** The ledger table a command uses: `--table`, else `$BATCH_RETRY_LEDGER_TABLE`, else the default. */
export function tableName(options: { readonly table?: string }): string {
  return options.table ?? process.env.BATCH_RETRY_LEDGER_TABLE ?? DEFAULT_LEDGER_TABLE;
}

/** The ledger as a command talks to it, with the AWS settings it resolved. Close it when done. */
export interface LedgerAccess {
  readonly aws: AwsSettings;
  readonly table: string;
  readonly ledger: LedgerPort;
  readonly operator: OperatorLedgerPort;
  readonly dynamoDb: import('@aws-sdk/client-dynamodb').DynamoDBClient;
  close(): void;
}

/**
 * Resolves the AWS options and opens the ledger table (the SDK is loaded here, not at start-up). The
 * DynamoDB client honours `--endpoint-url`; the other services use their regional endpoints.
 */
export async function openLedger(
  options: AwsOptionValues & { readonly table?: string },
): Promise<LedgerAccess> {
  const table = tableName(options);
  const aws = await resolveAws(options);
  const [
    { DynamoDBClient },
    { adaptiveClientConfig },
    { createDynamoDbLedger, createDynamoDbOperatorLedger },
  ] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('#adapters/aws/client-config.js'),
    import('#adapters/aws/dynamodb/index.js'),
  ]);
  const dynamoDb = new DynamoDBClient({
    ...adaptiveClientConfig({
      region: aws.region,
      ...(aws.endpoint === undefined ? {} : { endpoint: aws.endpoint }),
    }),
    ...(aws.profile === undefined ? {} : { profile: aws.profile }),
  });
  return {
    aws,
    table,
    dynamoDb,
    ledger: createDynamoDbLedger({ client: dynamoDb, tableName: table }),
    operator: createDynamoDbOperatorLedger({ client: dynamoDb, tableName: table }),
    close: () => dynamoDb.destroy(),
  };
}

/** Client options of another service, in the command's region and profile (its regional endpoint). */
export function regional(aws: AwsSettings): { region: string; profile?: string } {
  return { region: aws.region, ...(aws.profile === undefined ? {} : { profile: aws.profile }) };
}

/**
 * Runs one step of an operator command that reads or writes the ledger (or Batch, STS, SQS...): an
 * OperatorRefusal (the lineage is not in a state for it, someone acted first) ends the command with
 * exit 2 and its message about `input`; an AWS failure with exit 3 naming `what`. The ledger wraps
 * SDK errors; what AWS said is shown.
 */
export async function operatorStep<T>(input: string, what: string, step: () => Promise<T>): Promise<T> {
  const { OperatorRefusal } = await import('#core/operate/index.js');
  return awsCall(what, async () => {
    try {
      return await step();
    } catch (error) {
      if (error instanceof OperatorRefusal) throw unusableInput(input, error.message);
      throw error instanceof Error && error.name.startsWith('Ledger') && error.cause instanceof Error
        ? error.cause
        : error;
    }
  });
}
