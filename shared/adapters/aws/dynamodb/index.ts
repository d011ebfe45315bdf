/**
 * DynamoDB adapters: the retry ledger (LedgerPort), the circuit breakers (BreakerPort) and the
 * waiting Step Functions tasks (WaiterStore), all in one table, and the client they share.
 */
export { createDynamoDbBreaker } from './breaker.js';
export { createDynamoDbClient } from './client.js';
export { createDynamoDbLedger } from './ledger.js';
export { createDynamoDbOperatorLedger } from './operator-ledger.js';
export { createDynamoDbPauses } from './pauses.js';
export { createDynamoDbWaiters } from './waiters.js';
