import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { type SweepReport, sweepFailures } from '#core/reconcile/index.js';
import { createObservability } from '../common/observability.js';
import { wireReconcile } from './wiring.js';

const observability = createObservability('batch-retry-reconcile');
const { deps, options } = wireReconcile(observability);

/**
 * Scheduled (EventBridge rate rule) -> one reconcile sweep: failures the ledger never saw go to the
 * events queue. A failed sweep throws, so Lambda reports an error (and the alarm on errors fires);
 * the cursor did not move, so the next sweep covers the same jobs.
 */
export async function handler(_event: ScheduledEvent, context: Context): Promise<SweepReport> {
  const { logger, metrics } = observability;
  logger.addContext(context);
  try {
    const report = await sweepFailures(deps, options);
    metrics.addMetric('FailuresChecked', MetricUnit.Count, report.checked);
    metrics.addMetric('FailuresReconciled', MetricUnit.Count, report.sent);
    metrics.addMetric('ReconcileSendsFailed', MetricUnit.Count, report.notSent);
    logger.info(
      `reconcile sweep ${report.outcome}: ${report.checked} failed job(s) checked, ${report.sent} re-fed`,
      {
        ...report,
      },
    );
    return report;
  } finally {
    metrics.publishStoredMetrics();
  }
}
