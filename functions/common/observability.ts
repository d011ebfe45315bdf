import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { LogPort } from '#core/ports/index.js';

/** A function's Powertools logger and metrics, and the logger seen through the core's LogPort. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly log: LogPort;
}

/** Created once per Lambda container (module scope), never per event. Metrics go to namespace BatchRetry. */
export function createObservability(serviceName: string): Observability {
  const logger = new Logger({ serviceName });
  return {
    logger,
    metrics: new Metrics({ namespace: 'BatchRetry', serviceName }),
    log: {
      debug: (message, extra) => logger.debug(message, extra ?? {}),
      info: (message, extra) => logger.info(message, extra ?? {}),
      warn: (message, extra) => logger.warn(message, extra ?? {}),
      error: (message, extra) => logger.error(message, extra ?? {}),
    },
  };
}
