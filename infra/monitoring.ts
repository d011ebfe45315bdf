import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The namespace the functions' Powertools metrics are published in (functions/common/observability.ts). */
export const METRICS_NAMESPACE = 'BatchRetry';

/** Age of the oldest message above which a queue is not being consumed: events, then retries (whose hops are at most 15 minutes). */
export const MESSAGE_AGE_ALARM_SECONDS = { events: 15 * 60, retries: 45 * 60 } as const;

const PERIOD = Duration.minutes(5);

/** The product's metrics, per function (Powertools sets the `service` dimension to the function's service name). */
const PRODUCT_METRICS: Readonly<Record<string, readonly string[]>> = {
  decide: [
    'RetriesScheduled',
    'GaveUp',
    'LineagesRecovered',
    'EventsIgnored',
    'DuplicateChildFailures',
    'AwaitedFirstRunSuccesses',
  ],
  resubmit: [
    'JobsResubmitted',
    'RetriesDeferred',
    'ResubmissionsRejected',
    'DuplicateRetriesSkipped',
    'InterruptedSubmissionsRecovered',
    'RetriesParked',
    'RetriesPaused',
    'DigestsSent',
  ],
  reconcile: ['FailuresChecked', 'FailuresReconciled', 'ReconcileSendsFailed'],
  await: ['TasksWaiting', 'TasksAnsweredAtOnce', 'AwaitRequestsRefused', 'AwaitRequestsFailed'],
  notify: [
    'SlackMessagesPosted',
    'SlackRejected',
    'SlackUnavailable',
    'SlackNotConfigured',
    'AlertsUnreadable',
  ],
};

export interface MonitoringProps {
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly queues: {
    readonly events: IQueue;
    readonly eventsDlq: IQueue;
    readonly retries: IQueue;
    readonly retriesDlq: IQueue;
    readonly notifyDlq?: IQueue;
  };
  readonly alertTopic: ITopic;
}

/**
 * The CloudWatch dashboard (decisions, resubmissions, failures by class, queue depths and ages, the
 * functions' errors and duration) and the alarms, which send to the alert topic: any message in a
 * DLQ, any function error, and a queue whose oldest message is too old.
 */
export class OrchestratorMonitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { queues, functions } = props;
    const action = new SnsAction(props.alertTopic);
    const alarm = (name: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };
    for (const [name, dlq] of [
      ['Events', queues.eventsDlq],
      ['Retries', queues.retriesDlq],
      ...(queues.notifyDlq === undefined ? [] : [['Notify', queues.notifyDlq] as const]),
    ] as const) {
      alarm(
        `${name}DlqNotEmpty`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        1,
        `A message reached the ${name.toLowerCase()} dead-letter queue: see docs/operations.md, "A message in a dead-letter queue".`,
      );
    }
    for (const [name, fn] of Object.entries(functions)) {
      alarm(
        `${capitalise(name)}Errors`,
        fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        1,
        `The ${name} function failed (an invocation error, not a record it reported): read its log group.`,
      );
    }
    alarm(
      'SlackRejected',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'SlackRejected',
        dimensionsMap: { service: 'batch-retry-notify' },
        period: PERIOD,
        statistic: 'Sum',
      }),
      1,
      'Slack refused an alert (a revoked or wrong webhook): rotate the webhook, see docs/operations.md, "Rotating the Slack webhook".',
    );
    for (const [name, queue] of [
      ['events', queues.events],
      ['retries', queues.retries],
    ] as const) {
      alarm(
        `${capitalise(name)}MessageAge`,
        queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
        MESSAGE_AGE_ALARM_SECONDS[name],
        `The ${name} queue is not being consumed: its oldest message is over ${MESSAGE_AGE_ALARM_SECONDS[name] / 60} minutes old. Check the function's event source mapping and errors.`,
      );
    }

    const productMetric = (fn: string, metricName: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: `batch-retry-${fn}` },
        period: PERIOD,
        statistic: 'Sum',
      });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 12, height: 6 });
    const allQueues = [queues.events, queues.eventsDlq, queues.retries, queues.retriesDlq];
    this.dashboard = new Dashboard(this, 'Dashboard', {
      widgets: [
        [
          graph('Decisions (decide)', PRODUCT_METRICS.decide?.map((m) => productMetric('decide', m)) ?? []),
          graph('Failures by class', [
            new MathExpression({
              expression: `SEARCH('{${METRICS_NAMESPACE},class,service} MetricName="FailuresByClass"', 'Sum', ${PERIOD.toSeconds()})`,
              label: '',
              period: PERIOD,
            }),
          ]),
        ],
        [
          graph(
            'Resubmissions (resubmit)',
            PRODUCT_METRICS.resubmit?.map((m) => productMetric('resubmit', m)) ?? [],
          ),
          graph(
            'Reconcile sweep, records failed',
            PRODUCT_METRICS.reconcile?.map((m) => productMetric('reconcile', m)) ?? [],
            ['decide', 'resubmit'].map((fn) => productMetric(fn, 'RecordsFailed')),
          ),
        ],
        [
          graph('Alerts: digests sent, Slack posts and refusals', [
            productMetric('resubmit', 'DigestsSent'),
            ...(PRODUCT_METRICS.notify ?? []).map((m) => productMetric('notify', m)),
          ]),
          graph('Held retries: parked by a breaker, paused by a person', [
            productMetric('resubmit', 'RetriesParked'),
            productMetric('resubmit', 'RetriesPaused'),
          ]),
        ],
        [
          graph(
            'Step Functions tasks (await)',
            PRODUCT_METRICS.await?.map((m) => productMetric('await', m)) ?? [],
            [productMetric('decide', 'AwaitedFirstRunSuccesses')],
          ),
        ],
        [
          graph(
            'Queue depth (visible messages)',
            allQueues.map((q) =>
              q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
            ),
          ),
          graph(
            'Age of the oldest message (s)',
            [queues.events, queues.retries].map((q) =>
              q.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
            ),
          ),
        ],
        [
          graph(
            'Function errors',
            Object.values(functions).map((fn) => fn.metricErrors({ period: PERIOD, statistic: 'Sum' })),
          ),
          graph(
            'Function duration (p99, ms)',
            Object.values(functions).map((fn) => fn.metricDuration({ period: PERIOD, statistic: 'p99' })),
          ),
        ],
      ],
    });
  }
}

function capitalise(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}
