import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type AlertMessage, toAlertMessage } from '#core/alerts/index.js';
import { OrchestratorError } from '#core/errors.js';
import type { Alert, AlertPort } from '#core/ports/index.js';

/** SNS's limit on an email subject, in characters. */
export const MAX_SUBJECT_CHARS = 99;

/** What https subscribers receive: the AWS Chatbot custom-notification format, or the alert message. */
export type HttpsFormat = 'chatbot' | 'alert-json';

export interface SnsAlertTopicOptions {
  readonly client: SNSClient;
  readonly topicArn: string;
  /** @default 'chatbot', so the topic can feed AWS Chatbot (Amazon Q Developer in chat) directly */
  readonly httpsFormat?: HttpsFormat;
}

/**
 * An email subject: printable ASCII on one line (SNS refuses anything else), under 100 characters,
 * starting with the severity.
 */
export function emailSubject(alert: Pick<Alert, 'severity' | 'title'>): string {
  const ascii = `[${alert.severity}] ${alert.title}`.replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= MAX_SUBJECT_CHARS ? ascii : `${ascii.slice(0, MAX_SUBJECT_CHARS - 3)}...`;
}

/** The plain-text email body: the story, the links, and the message for scripts at the end. */
function emailBody(message: AlertMessage): string {
  const lines = [message.summary, ''];
  if (message.links?.job !== undefined) lines.push(`Job in the AWS console: ${message.links.job}`);
  if (message.links?.logs !== undefined) lines.push(`Logs: ${message.links.logs}`);
  lines.push('', `Kind ${message.kind}, severity ${message.severity}, fingerprint ${message.fingerprint}`);
  return lines.join('\n');
}

/** The AWS Chatbot custom notification of an alert (version 1.0, source custom, client-markdown). */
function chatbotBody(message: AlertMessage): string {
  return JSON.stringify({
    version: '1.0',
    source: 'custom',
    id: message.fingerprint.slice(0, 256),
    content: {
      textType: 'client-markdown',
      title: message.title,
      description: message.summary,
      nextSteps: [message.next, ...(message.links?.job === undefined ? [] : [message.links.job])],
      keywords: [message.kind, ...(message.failureClass === undefined ? [] : [message.failureClass])],
    },
    metadata: {
      summary: message.title,
      eventType: message.kind,
      ...(message.jobId === undefined ? {} : { relatedResources: [message.jobId] }),
      additionalContext: {
        ...(message.jobQueue === undefined ? {} : { queue: message.jobQueue }),
        severity: message.severity,
      },
    },
  });
}

function attribute(value: string) {
  return { DataType: 'String', StringValue: value.slice(0, 256) };
}

/**
 * Alerts published to an SNS topic. One Publish per alert with `MessageStructure: json`, so each
 * protocol gets its own body: `lambda`, `sqs`, `email-json` and the default get the alert message
 * (docs/alerts.md, versioned); `email` a readable text with the links; `https` the AWS Chatbot
 * format (or the alert message). The subject suits an email, and message attributes (kind, class,
 * queue, policy, severity, channels) let subscribers filter with subscription filter policies.
 */
export function createSnsAlertTopic(options: SnsAlertTopicOptions): AlertPort {
  const httpsFormat = options.httpsFormat ?? 'chatbot';
  return {
    async publish(alert: Alert): Promise<void> {
      const message = toAlertMessage(alert);
      const json = JSON.stringify(message);
      const attributes: Record<string, { DataType: string; StringValue: string }> = {
        kind: attribute(message.kind),
        severity: attribute(message.severity),
        channels: { DataType: 'String.Array', StringValue: JSON.stringify(message.channels) },
      };
      if (message.failureClass !== undefined) attributes.class = attribute(message.failureClass);
      if (message.jobQueue !== undefined) attributes.queue = attribute(message.jobQueue);
      if (message.policy !== undefined) attributes.policy = attribute(message.policy);
      try {
        await options.client.send(
          new PublishCommand({
            TopicArn: options.topicArn,
            Subject: emailSubject(alert),
            MessageStructure: 'json',
            Message: JSON.stringify({
              default: json,
              lambda: json,
              sqs: json,
              'email-json': json,
              email: emailBody(message),
              https: httpsFormat === 'chatbot' ? chatbotBody(message) : json,
            }),
            MessageAttributes: attributes,
          }),
        );
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const permanent = [
          'AuthorizationErrorException',
          'NotFoundException',
          'InvalidParameterException',
        ].includes(name);
        throw new OrchestratorError(
          `could not publish the ${alert.kind} alert to SNS topic ${options.topicArn}: ${error instanceof Error ? error.message : String(error)}`,
          { transient: !permanent, cause: error, context: { kind: alert.kind, jobId: alert.jobId } },
        );
      }
    },
  };
}
