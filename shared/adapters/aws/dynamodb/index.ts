/**
 * DynamoDB adapters: the retry ledger (LedgerPort), the circuit breakers (BreakerPort) and the
 * reconcile sweep's cursor (SweepCursorPort), the waiting Step Functions tasks (WaiterStore), all in
 * one table, the client they share, and the table's definition (which the CDK stack and the tests
 * both build the table from).
 */
export { createDynamoDbAlertWindows } from './alert-windows.js';
export { createDynamoDbBreaker } from './breaker.js';
export { createDynamoDbClient } from './client.js';
export { createDynamoDbLedger } from './ledger.js';
export { LEDGER_TTL_ATTRIBUTE, ledgerTableDefinition } from './ledger-table.js';
export { createDynamoDbOperatorLedger } from './operator-ledger.js';
export { createDynamoDbPauses } from './pauses.js';
export { createDynamoDbSweepCursor, SWEEP_CURSOR_KEY } from './sweep-cursor.js';
export { createDynamoDbWaiters } from './waiters.js';
