import { createBatchAdapter, createBatchClient } from '#adapters/aws/batch/index.js';
import {
  createDynamoDbClient,
  createDynamoDbLedger,
  createDynamoDbPauses,
} from '#adapters/aws/dynamodb/index.js';
import { createLogAlertSink } from '#adapters/aws/logs/index.js';
import { createSqsClient, createSqsDelayQueue } from '#adapters/aws/sqs/index.js';
import type { ResubmitDeps, RetryMessage } from '#core/orchestrator/index.js';
import { systemClock, systemRandom } from '#core/ports/index.js';
import {
  ledgerEnv,
  lineageEventsEnv,
  pauseEnv,
  readFunctionEnv,
  retriesQueueEnv,
} from '../common/function-env.js';
import type { Observability } from '../common/observability.js';
import { wireWorkflow } from '../common/workflow-wiring.js';

/**
 * The resubmit function's ports: the ledger and the pauses (DynamoDB), Batch, the retries queue
 * (SQS), alerts, waiting Step Functions tasks and, with `LINEAGE_EVENT_BUS`, lineage events.
 */
export function wireResubmit({ logger, log }: Observability): ResubmitDeps {
  const env = readFunctionEnv(
    { ...ledgerEnv, ...retriesQueueEnv, ...lineageEventsEnv, ...pauseEnv },
    process.env,
  );
  const dynamoDb = createDynamoDbClient();
  return {
    ...wireWorkflow({
      dynamoDb,
      tableName: env.LEDGER_TABLE,
      ttlDays: env.LEDGER_TTL_DAYS,
      eventBus: env.LINEAGE_EVENT_BUS,
    }),
    ledger: createDynamoDbLedger({
      client: dynamoDb,
      tableName: env.LEDGER_TABLE,
      ttlDays: env.LEDGER_TTL_DAYS,
    }),
    batch: createBatchAdapter(createBatchClient()),
    pauses: createDynamoDbPauses({
      client: dynamoDb,
      tableName: env.LEDGER_TABLE,
      cacheMs: env.PAUSE_CACHE_SECONDS * 1000,
    }),
    retries: createSqsDelayQueue<RetryMessage>(createSqsClient(), env.RETRIES_QUEUE_URL),
    alerts: createLogAlertSink({ warn: (message, extra) => logger.warn(message, { ...extra }) }),
    clock: systemClock,
    random: systemRandom,
    log,
  };
}
