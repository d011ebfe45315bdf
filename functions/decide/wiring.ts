import {
  createDynamoDbBreaker,
  createDynamoDbClient,
  createDynamoDbLedger,
} from '#adapters/aws/dynamodb/index.js';
import { createSqsClient, createSqsDelayQueue } from '#adapters/aws/sqs/index.js';
import type { DecideDeps, RetryMessage } from '#core/orchestrator/index.js';
import { systemClock, systemRandom } from '#core/ports/index.js';
import { wireAlerting } from '../common/alerting.js';
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
 * (SSM), alerts (aggregated, to SNS), waiting Step Functions tasks and, with `LINEAGE_EVENT_BUS`,
 * lineage events. Endpoints follow the SDK's standard variables (`AWS_ENDPOINT_URL_DYNAMODB` and
 * friends), which tests point at dynalite.
 */
export function wireDecide(observability: Observability): DecideDeps {
  const env = readFunctionEnv(
    { ...ledgerEnv(), ...retriesQueueEnv(), ...policyEnv(), ...lineageEventsEnv() },
    process.env,
  );
  const dynamoDb = createDynamoDbClient();
  const sqs = createSqsClient();
  const { gate } = wireAlerting(observability, {
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
    breaker: createDynamoDbBreaker({ client: dynamoDb, tableName: env.LEDGER_TABLE }),
    retries: createSqsDelayQueue<RetryMessage>(sqs, env.RETRIES_QUEUE_URL),
    alerts: gate,
    policies: wirePolicies(env, gate, observability.log),
    clock: systemClock,
    random: systemRandom,
    log: observability.log,
  };
}
