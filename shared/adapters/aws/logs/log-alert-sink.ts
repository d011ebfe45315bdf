import type { Alert, AlertPort } from '#core/ports/index.js';

/**
 * The one logger method the sink needs; a Powertools `Logger` satisfies it (its extra arguments are
 * `{ [key: string]: unknown }` objects, which is why `extra` is not typed as a bare `object`).
 */
export interface AlertLogger {
  warn(message: string, extra: Readonly<Record<string, unknown>>): void;
}

/**
 * `AlertPort` that writes each alert as one structured WARN log line: the message is
 * `ALERT <kind>: <title>` and the whole alert sits under the `alert` key, so that a CloudWatch
 * Logs Insights query or metric filter on `alert.kind` / `alert.fingerprint` finds it. This is
 * the AWS side until SNS and Slack alerting land.
 */
export function createLogAlertSink(logger: AlertLogger): AlertPort {
  return {
    async publish(alert: Alert): Promise<void> {
      logger.warn(`ALERT ${alert.kind}: ${alert.title}`, { alert });
    },
  };
}
