import {
  createDynamoDbBreaker,
  createDynamoDbClient,
  createDynamoDbLedger,
} from '#adapters/aws/dynamodb/index.js';
import { createSqsClient, createSqsDelayQueue } from '#adapters/aws/sqs/index.js';
import { createSsmClient, SsmPolicySource } from '#adapters/aws/ssm/index.js';
import type { DecideDeps, RetryMessage } from '#core/orchestrator/index.js';
import { systemClock, systemRandom } from '#core/ports/index.js';
import { wireAlerting } from '../common/alerting.js';
import { ledgerEnv, policyEnv, readFunctionEnv, retriesQueueEnv } from '../common/function-env.js';
import type { Observability } from '../common/observability.js';

/**
 * The decide function's ports: the ledger and breaker (DynamoDB), the retries queue (SQS), policies
 * (SSM) and alerts (aggregated, to SNS). Endpoints follow the SDK's standard variables
 * (`AWS_ENDPOINT_URL_DYNAMODB` and friends), which tests point at dynalite.
 */
export function wireDecide(observability: Observability): DecideDeps {
  const env = readFunctionEnv({ ...ledgerEnv, ...retriesQueueEnv, ...policyEnv }, process.env);
  const dynamoDb = createDynamoDbClient();
  const sqs = createSqsClient();
  const { gate } = wireAlerting(observability, {
    dynamoDb,
    sqs,
    tableName: env.LEDGER_TABLE,
    retriesQueueUrl: env.RETRIES_QUEUE_URL,
  });
  return {
    ledger: createDynamoDbLedger({
      client: dynamoDb,
      tableName: env.LEDGER_TABLE,
      ttlDays: env.LEDGER_TTL_DAYS,
    }),
    breaker: createDynamoDbBreaker({ client: dynamoDb, tableName: env.LEDGER_TABLE }),
    retries: createSqsDelayQueue<RetryMessage>(sqs, env.RETRIES_QUEUE_URL),
    alerts: gate,
    policies: new SsmPolicySource({
      client: createSsmClient(),
      alerts: gate,
      prefix: env.POLICY_PREFIX,
      maxAgeSeconds: env.POLICY_CACHE_SECONDS,
      log: observability.log,
    }),
    clock: systemClock,
    random: systemRandom,
    log: observability.log,
  };
}
