import { createBatchClient, createJobListing } from '#adapters/aws/batch/index.js';
import {
  createDynamoDbClient,
  createDynamoDbLedger,
  createDynamoDbSweepCursor,
} from '#adapters/aws/dynamodb/index.js';
import { createSqsClient, createSqsDelayQueue } from '#adapters/aws/sqs/index.js';
import { systemClock } from '#core/ports/index.js';
import type { ReconcileDeps, SweepOptions } from '#core/reconcile/index.js';
import { ledgerEnv, readFunctionEnv, reconcileEnv } from '../common/function-env.js';
import type { Observability } from '../common/observability.js';

/**
 * The reconcile function's ports: Batch (ListJobs, DescribeJobs), the ledger and the sweep cursor
 * (DynamoDB, one table) and the events queue (SQS); and the sweep's bounds from the environment.
 */
export function wireReconcile({ log }: Observability): { deps: ReconcileDeps; options: SweepOptions } {
  const env = readFunctionEnv({ ...ledgerEnv(), ...reconcileEnv() }, process.env);
  const dynamoDb = createDynamoDbClient();
  return {
    deps: {
      batch: createJobListing(createBatchClient()),
      ledger: createDynamoDbLedger({
        client: dynamoDb,
        tableName: env.LEDGER_TABLE,
        ttlDays: env.LEDGER_TTL_DAYS,
      }),
      cursor: createDynamoDbSweepCursor({ client: dynamoDb, tableName: env.LEDGER_TABLE }),
      events: createSqsDelayQueue<Record<string, unknown>>(createSqsClient(), env.EVENTS_QUEUE_URL),
      clock: systemClock,
      log,
    },
    options: {
      jobQueues: env.JOB_QUEUES,
      maxJobs: env.RECONCILE_MAX_JOBS,
      maxPagesPerQueue: env.RECONCILE_MAX_PAGES,
      settleMs: env.RECONCILE_SETTLE_SECONDS * 1000,
    },
  };
}
