import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { ledgerTableDefinition } from '../../shared/aws/dynamodb-ledger-table.js';

/** A running dynalite server (in memory, on 127.0.0.1). */
export interface RunningDynalite {
  /** `http://127.0.0.1:<port>`, for a client's `endpoint`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts dynalite in memory on a random port of 127.0.0.1. Table create/delete/update take 0 ms, so
 * a table is ACTIVE as soon as CreateTable returns (the default 500 ms makes the first PutItem fail
 * with ResourceNotFoundException).
 */
export async function startDynalite(): Promise<RunningDynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // SDK clients keep sockets alive; close them or close() waits for dynalite's 30 s timeout.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A DynamoDB client for `endpoint` with dummy credentials. Destroy it when done. */
export function dynaliteClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** Creates the ledger table `name` (at least 3 characters: dynalite validates names like DynamoDB). */
export async function createLedgerTable(endpoint: string, name: string): Promise<void> {
  const client = dynaliteClient(endpoint);
  try {
    await client.send(new CreateTableCommand(ledgerTableDefinition(name)));
  } finally {
    client.destroy();
  }
}
