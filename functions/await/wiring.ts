import { createBatchClient, createBatchJobLookup } from '#adapters/aws/batch/index.js';
import { createDynamoDbClient, createDynamoDbLedger } from '#adapters/aws/dynamodb/index.js';
import { createLogAlertSink } from '#adapters/aws/logs/index.js';
import { systemClock } from '#core/ports/index.js';
import type { AwaitDeps } from '#core/workflow/index.js';
import { ledgerEnv, policyEnv, readFunctionEnv } from '../common/function-env.js';
import type { Observability } from '../common/observability.js';
import { wirePolicies } from '../common/policy-wiring.js';
import { wireWaiters } from '../common/waiters-wiring.js';

/**
 * The await function's ports: the ledger and the waiting tasks (DynamoDB), Batch DescribeJobs (the
 * job, its tags and status), policies (SSM: is the job managed?) and Step Functions (answering a task
 * whose lineage had already ended).
 */
export function wireAwait({ logger, log }: Observability): AwaitDeps {
  const env = readFunctionEnv({ ...ledgerEnv(), ...policyEnv() }, process.env);
  const dynamoDb = createDynamoDbClient();
  const alerts = createLogAlertSink({ warn: (message, extra) => logger.warn(message, { ...extra }) });
  return {
    ledger: createDynamoDbLedger({
      client: dynamoDb,
      tableName: env.LEDGER_TABLE,
      ttlDays: env.LEDGER_TTL_DAYS,
    }),
    jobs: createBatchJobLookup(createBatchClient()),
    waiters: wireWaiters({ dynamoDb, tableName: env.LEDGER_TABLE, ttlDays: env.LEDGER_TTL_DAYS }),
    policies: wirePolicies(env, alerts, log),
    clock: systemClock,
    log,
  };
}
