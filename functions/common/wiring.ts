import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createBatchAdapter } from '#adapters/aws/batch/batch-adapter.js';
import { createBatchClient, createDynamoDbClient, createSqsClient } from '#adapters/aws/clients.js';
import { createDynamoDbBreaker } from '#adapters/aws/dynamodb/breaker.js';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import { createLogAlertSink } from '#adapters/aws/logs/log-alert-sink.js';
import { createSqsDelayQueue } from '#adapters/aws/sqs/delay-queue.js';
import { createSsmClient } from '#adapters/aws/ssm/client.js';
import { SsmPolicySource } from '#adapters/aws/ssm/policy-source.js';
import type { DecideDeps } from '#core/orchestrator/handle-job-event.js';
import type { ResubmitDeps } from '#core/orchestrator/resubmit.js';
import type { RetryMessage } from '#core/orchestrator/retry-message.js';
import { systemClock, systemRandom } from '#core/ports/clock.js';
import type { LogPort } from '#core/ports/log.js';
import { readFunctionEnv } from './function-env.js';

/** Adapts a Powertools Logger to the core's LogPort. */
function logPort(logger: Logger): LogPort {
  return {
    debug: (message, extra) => logger.debug(message, extra ?? {}),
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
  };
}

/** Everything a function needs, built once per Lambda container (module scope), never per event. */
export interface FunctionContext {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly deps: DecideDeps & ResubmitDeps;
}

/**
 * Reads the environment (failing the cold start loudly when it is unusable) and wires the AWS
 * adapters into the core's ports. SDK clients use adaptive retry mode; endpoints follow the SDK's
 * standard variables (`AWS_ENDPOINT_URL_DYNAMODB` and friends), which tests point at dynalite.
 */
export function createFunctionContext(serviceName: string): FunctionContext {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: 'BatchRetry', serviceName });
  const env = readFunctionEnv(process.env);
  const log = logPort(logger);
  const alerts = createLogAlertSink({ warn: (message, extra) => logger.warn(message, { ...extra }) });
  const dynamoDb = createDynamoDbClient();
  return {
    logger,
    metrics,
    deps: {
      ledger: createDynamoDbLedger({
        client: dynamoDb,
        tableName: env.LEDGER_TABLE,
        ttlDays: env.LEDGER_TTL_DAYS,
      }),
      breaker: createDynamoDbBreaker({ client: dynamoDb, tableName: env.LEDGER_TABLE }),
      batch: createBatchAdapter(createBatchClient()),
      retries: createSqsDelayQueue<RetryMessage>(createSqsClient(), env.RETRIES_QUEUE_URL),
      alerts,
      policies: new SsmPolicySource({
        client: createSsmClient(),
        alerts,
        prefix: env.POLICY_PREFIX,
        maxAgeSeconds: env.POLICY_CACHE_SECONDS,
        log,
      }),
      clock: systemClock,
      random: systemRandom,
      log,
    },
  };
}
