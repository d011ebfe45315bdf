/**
 * DynamoDB adapters: the retry ledger (LedgerPort) and the circuit breakers (BreakerPort), both in
 * one table, and the client they share.
 */
export { createDynamoDbAlertWindows } from './alert-windows.js';
export { createDynamoDbBreaker } from './breaker.js';
export { createDynamoDbClient } from './client.js';
export { createDynamoDbLedger } from './ledger.js';
