import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SNSEvent } from 'aws-lambda';
import {
  SlackRejectedError,
  SlackUnavailableError,
  type SlackWebhook,
  slackMessage,
  WebhookUrlError,
} from '#adapters/slack/index.js';
import { parseAlertMessage } from '#core/alerts/index.js';
import type { LogPort } from '#core/ports/index.js';

/** What became of one alert, counted as the metric of the same name. */
export type NotifyOutcome =
  | 'SlackMessagesPosted'
  | 'AlertsNotForSlack'
  | 'AlertsUnreadable'
  | 'SlackNotConfigured'
  | 'SlackRejected'
  | 'SlackUnavailable';

export interface NotifierDeps {
  /** Absent when no webhook parameter is configured: alerts then reach SNS subscribers only. */
  readonly slack: Pick<SlackWebhook, 'post'> | undefined;
  readonly log: LogPort;
  readonly count: (metric: NotifyOutcome) => void;
}

/**
 * The notify function's work: each SNS record is an alert message; those whose channels include
 * Slack are posted as Block Kit messages. An unreadable message or a webhook that is not configured
 * is logged and counted, never retried (it cannot get better; SNS subscribers still have the alert).
 * Slack refusing the message (a revoked webhook) or staying unavailable after the retries is logged
 * with the status, counted, and thrown, so Lambda's asynchronous retries and then the function's DLQ
 * keep the alert for a redrive. A webhook problem is logged once per container, not once per alert.
 * Nothing logged ever contains the webhook URL.
 */
export function createNotifier(deps: NotifierDeps): (event: SNSEvent) => Promise<void> {
  let configProblemLogged = false;
  const configProblem = (problem: string) => {
    deps.count('SlackNotConfigured');
    if (configProblemLogged) return;
    configProblemLogged = true;
    deps.log.error(
      `Slack is not configured, so alerts reach the SNS topic's other subscribers only: ${problem}. ` +
        'Put the incoming-webhook URL in that SecureString parameter (docs/alerts.md, "Slack"); no redeploy is needed.',
    );
  };
  return async (event) => {
    for (const record of event.Records) {
      let alert: ReturnType<typeof parseAlertMessage>;
      try {
        alert = parseAlertMessage(record.Sns.Message);
      } catch (error) {
        deps.count('AlertsUnreadable');
        deps.log.error('an SNS message on the alert topic is not a batch-retry alert; it is skipped', {
          messageId: record.Sns.MessageId,
          error: error instanceof Error ? error.message.slice(0, 500) : String(error),
        });
        continue;
      }
      if (!alert.channels.includes('slack')) {
        deps.count('AlertsNotForSlack');
        continue;
      }
      if (deps.slack === undefined) {
        configProblem('no webhook parameter is set (SLACK_WEBHOOK_PARAMETER)');
        continue;
      }
      try {
        await deps.slack.post(slackMessage(alert));
        deps.count('SlackMessagesPosted');
      } catch (error) {
        if (error instanceof WebhookUrlError) {
          configProblem(error.message);
          continue;
        }
        const metric = error instanceof SlackRejectedError ? 'SlackRejected' : 'SlackUnavailable';
        deps.count(metric);
        deps.log.error(
          `could not post the ${alert.kind} alert to Slack; it goes to the notify DLQ for a redrive`,
          {
            fingerprint: alert.fingerprint,
            jobId: alert.jobId,
            ...(error instanceof SlackRejectedError ? { status: error.status } : {}),
            ...(error instanceof SlackUnavailableError
              ? { attempts: error.attempts, last: error.lastProblem }
              : {}),
            error: error instanceof Error ? error.message : 'unknown error',
          },
        );
        throw error;
      }
    }
  };
}

/** The metrics unit every notify outcome is counted in. */
export const NOTIFY_METRIC_UNIT = MetricUnit.Count;
