import type { Context, SNSEvent } from 'aws-lambda';
import { createObservability } from '../common/observability.js';
import { createNotifier, NOTIFY_METRIC_UNIT } from './notify.js';
import { wireSlack } from './wiring.js';

const observability = createObservability('batch-retry-notify');
let context: Context | undefined;
const notify = createNotifier({
  slack: wireSlack(() => context?.getRemainingTimeInMillis() ?? 10_000),
  log: observability.log,
  count: (metric) => observability.metrics.addMetric(metric, NOTIFY_METRIC_UNIT, 1),
});

/** SNS alert topic -> Slack (for alerts whose policy sends them there). */
export async function handler(event: SNSEvent, invocation: Context): Promise<void> {
  context = invocation;
  observability.logger.addContext(invocation);
  try {
    await notify(event);
  } finally {
    observability.metrics.publishStoredMetrics();
  }
}
