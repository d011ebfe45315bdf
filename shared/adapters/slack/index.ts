/**
 * Slack: the Block Kit message of an alert, and the incoming webhook it is posted to. Not an AWS
 * service, so it lives beside aws/; only the notify function uses it.
 */
export { escapeMrkdwn, SLACK_LIMITS, type SlackMessage, slackMessage } from './slack-message.js';
export {
  SlackRejectedError,
  SlackUnavailableError,
  SlackWebhook,
  type SlackWebhookOptions,
} from './webhook.js';
export { parseWebhookUrl, SLACK_WEBHOOK_HOSTS, WebhookUrlError } from './webhook-url.js';
