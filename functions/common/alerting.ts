import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createDynamoDbAlertWindows } from '#adapters/aws/dynamodb/index.js';
import { createLogAlertSink } from '#adapters/aws/logs/index.js';
import { createSnsAlertTopic, createSnsClient } from '#adapters/aws/sns/index.js';
import { createSqsDelayQueue } from '#adapters/aws/sqs/index.js';
import { AlertGate, type AlertGateDeps, type DigestMessage } from '#core/alerts/index.js';
import { systemClock } from '#core/ports/index.js';
import { alertEnv, readFunctionEnv } from './function-env.js';
import type { Observability } from './observability.js';

/** The alert pipeline of a function: the gate the core publishes to, and what the gate needs. */
export interface Alerting extends AlertGateDeps {
  readonly gate: AlertGate;
}

/**
 * Alerts as deployed: aggregated by the gate (windows in the ledger table, digest timers on the
 * retries queue), published to the SNS topic `ALERT_TOPIC_ARN` names; without a topic (a local run),
 * each alert is one structured log line instead.
 */
export function wireAlerting(
  { logger, log }: Observability,
  shared: {
    readonly dynamoDb: DynamoDBClient;
    readonly sqs: SQSClient;
    readonly tableName: string;
    readonly retriesQueueUrl: string;
  },
): Alerting {
  const env = readFunctionEnv(alertEnv(), process.env);
  const channel =
    env.ALERT_TOPIC_ARN === undefined
      ? createLogAlertSink({ warn: (message, extra) => logger.warn(message, { ...extra }) })
      : createSnsAlertTopic({
          client: createSnsClient(),
          topicArn: env.ALERT_TOPIC_ARN,
          httpsFormat: env.ALERT_HTTPS_FORMAT,
        });
  const deps: AlertGateDeps = {
    channel,
    windows: createDynamoDbAlertWindows({ client: shared.dynamoDb, tableName: shared.tableName }),
    timers: createSqsDelayQueue<DigestMessage>(shared.sqs, shared.retriesQueueUrl),
    clock: systemClock,
    log,
  };
  return { ...deps, gate: new AlertGate(deps) };
}
