import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll } from 'vitest';
import { ledgerTableDefinition } from '#adapters/aws/dynamodb/ledger-table.js';

/** A running dynalite server (in memory, on 127.0.0.1). */
export interface RunningDynalite {
  /** `http://127.0.0.1:<port>`, for a client's `endpoint`. */
  readonly endpoint: string;
  /** Every request the server received, by operation (`PutItem`, `UpdateItem`, ...), oldest first. */
  readonly operations: string[];
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
  const operations: string[] = [];
  server.on('request', (request) => {
    const target = request.headers['x-amz-target'];
    operations.push(typeof target === 'string' ? (target.split('.')[1] ?? target) : 'unknown');
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
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
    // Even with createTableMs: 0, dynalite marks the table ACTIVE in a later tick; on a loaded
    // machine the first write could otherwise meet ResourceNotFoundException.
    await waitUntilTableExists(
      { client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 },
      { TableName: name },
    );
  } finally {
    client.destroy();
  }
}

/** The dynalite server of one test file, as {@link useDynalite} hands it out. */
export interface DynaliteTables {
  /** `http://127.0.0.1:<port>`; read it inside a hook or test, once the server has started. */
  readonly endpoint: string;
  /** A client for the server, shared by the file's tests and destroyed after them. */
  readonly client: DynamoDBClient;
  /** Creates a new, empty ledger table `<prefix>-<n>` and returns its name. */
  freshTable(): Promise<string>;
  /** The item stored under `pk` and `sk` in `tableName`, unmarshalled; undefined when there is none. */
  rawItem(tableName: string, pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
  /** How many items `tableName` holds (a Scan; tables in tests are small). */
  itemCount(tableName: string): Promise<number>;
  /** The operations the server received since the last call (requests counted on the wire). */
  takeOperations(): string[];
}

/**
 * Starts dynalite and a client before the calling file's tests (`beforeAll`) and stops both after
 * them (`afterAll`). Call it at the top of a test file. Give each test its own table from
 * `freshTable()`, so tests never see each other's items.
 */
export function useDynalite(tablePrefix: string): DynaliteTables {
  let running: { readonly dynamo: RunningDynalite; readonly client: DynamoDBClient } | undefined;
  let tables = 0;
  const started = () => {
    if (running === undefined) throw new Error('dynalite is not running: use it inside a hook or test');
    return running;
  };

  beforeAll(async () => {
    const dynamo = await startDynalite();
    running = { dynamo, client: dynaliteClient(dynamo.endpoint) };
  });
  afterAll(async () => {
    const { dynamo, client } = started();
    running = undefined;
    client.destroy();
    await dynamo.stop();
  });

  return {
    get endpoint() {
      return started().dynamo.endpoint;
    },
    get client() {
      return started().client;
    },
    async freshTable() {
      tables += 1;
      const name = `${tablePrefix}-${tables}`;
      await createLedgerTable(started().dynamo.endpoint, name);
      return name;
    },
    async rawItem(tableName, pk, sk) {
      const doc = DynamoDBDocumentClient.from(started().client);
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }));
      return Item;
    },
    takeOperations() {
      return started().dynamo.operations.splice(0);
    },
    async itemCount(tableName) {
      const { Count } = await started().client.send(
        new ScanCommand({ TableName: tableName, Select: 'COUNT' }),
      );
      return Count ?? 0;
    },
  };
}
