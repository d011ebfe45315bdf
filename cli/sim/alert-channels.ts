import { type SlackMessage, slackMessage } from '#adapters/slack/index.js';
import { type AlertMessage, toAlertMessage } from '#core/alerts/index.js';
import type { Alert, AlertPort } from '#core/ports/index.js';

/**
 * The alert channels of a simulated run: what the SNS topic would carry (the message its subscribers
 * read) and what the notify function would post to Slack (the real Block Kit rendering), recorded
 * instead of sent. The gate in front of it aggregates exactly as it does on AWS.
 */
export class RecordedChannels implements AlertPort {
  /** Every message published to the topic. */
  readonly topic: AlertMessage[] = [];
  /** The Slack messages the notify function would post. */
  readonly slack: SlackMessage[] = [];

  async publish(alert: Alert): Promise<void> {
    const message = toAlertMessage(alert);
    this.topic.push(message);
    if (message.channels.includes('slack')) this.slack.push(slackMessage(message));
  }

  /** Messages per channel: `sns` counts those meant for the topic's subscribers, `slack` those posted. */
  counts(): { readonly sns: number; readonly slack: number } {
    return { sns: this.topic.filter((m) => m.channels.includes('sns')).length, slack: this.slack.length };
  }
}
