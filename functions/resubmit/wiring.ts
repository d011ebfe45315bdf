import { createBatchAdapter, createBatchClient } from '#adapters/aws/batch/index.js';
import {
  createDynamoDbBreaker,
  createDynamoDbClient,
  createDynamoDbLedger,
  createDynamoDbPauses,
} from '#adapters/aws/dynamodb/index.js';
import { createSqsClient, createSqsDelayQueue } from '#adapters/aws/sqs/index.js';
import type { AlertGateDeps } from '#core/alerts/index.js';
import type { ResubmitDeps, RetryMessage } from '#core/orchestrator/index.js';
import { systemClock, systemRandom } from '#core/ports/index.js';
import { wireAlerting } from '../common/alerting.js';
import {
  ledgerEnv,
  lineageEventsEnv,
  pauseEnv,
  readFunctionEnv,
  retriesQueueEnv,
} from '../common/function-env.js';
import type { Observability } from '../common/observability.js';
import { wireWorkflow } from '../common/workflow-wiring.js';

/** The resubmit function's ports, and what it needs to send the alert digests the retries queue also carries. */
export interface ResubmitWiring extends ResubmitDeps {
  readonly digests: AlertGateDeps;
}

/**
 * The resubmit function's ports: the ledger, the breakers and the pauses (DynamoDB), Batch, the
 * retries queue (SQS), alerts (SNS), waiting Step Functions tasks and, with `LINEAGE_EVENT_BUS`,
 * lineage events.
 */
export function wireResubmit(observability: Observability): ResubmitWiring {
  const env = readFunctionEnv(
    { ...ledgerEnv(), ...retriesQueueEnv(), ...lineageEventsEnv(), ...pauseEnv() },
    process.env,
  );
  const dynamoDb = createDynamoDbClient();
  const sqs = createSqsClient();
  const { gate, ...digests } = wireAlerting(observability, {
    dynamoDb,
    sqs,
    tableName: env.LEDGER_TABLE,
    retriesQueueUrl: env.RETRIES_QUEUE_URL,
  });
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
    breaker: createDynamoDbBreaker({ client: dynamoDb, tableName: env.LEDGER_TABLE }),
    pauses: createDynamoDbPauses({
      client: dynamoDb,
      tableName: env.LEDGER_TABLE,
      cacheMs: env.PAUSE_CACHE_SECONDS * 1000,
    }),
    retries: createSqsDelayQueue<RetryMessage>(sqs, env.RETRIES_QUEUE_URL),
    alerts: gate,
    digests,
    clock: systemClock,
    random: systemRandom,
    log: observability.log,
  };
}
