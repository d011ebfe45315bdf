import {
  createDynamoDbBreaker,
  createDynamoDbClient,
  createDynamoDbLedger,
} from '#adapters/aws/dynamodb/index.js';
import { createLogAlertSink } from '#adapters/aws/logs/index.js';
import { createSqsClient, createSqsDelayQueue } from '#adapters/aws/sqs/index.js';
import type { DecideDeps, RetryMessage } from '#core/orchestrator/index.js';
import { systemClock, systemRandom } from '#core/ports/index.js';
import {
  ledgerEnv,
  lineageEventsEnv,
  policyEnv,
  readFunctionEnv,
  retriesQueueEnv,
} from '../common/function-env.js';
import type { Observability } from '../common/observability.js';
import { wirePolicies } from '../common/policy-wiring.js';
import { wireWorkflow } from '../common/workflow-wiring.js';

/**
 * The decide function's ports: the ledger and breaker (DynamoDB), the retries queue (SQS), policies
 * (SSM), alerts, waiting Step Functions tasks and, with `LINEAGE_EVENT_BUS`, lineage events. Endpoints
 * follow the SDK's standard variables (`AWS_ENDPOINT_URL_DYNAMODB` and friends), which tests point at
 * dynalite.
 */
export function wireDecide({ logger, log }: Observability): DecideDeps {
  const env = readFunctionEnv(
    { ...ledgerEnv, ...retriesQueueEnv, ...policyEnv, ...lineageEventsEnv },
    process.env,
  );
  const alerts = createLogAlertSink({ warn: (message, extra) => logger.warn(message, { ...extra }) });
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
    breaker: createDynamoDbBreaker({ client: dynamoDb, tableName: env.LEDGER_TABLE }),
    retries: createSqsDelayQueue<RetryMessage>(createSqsClient(), env.RETRIES_QUEUE_URL),
    alerts,
    policies: wirePolicies(env, alerts, log),
    clock: systemClock,
    random: systemRandom,
    log,
  };
}
