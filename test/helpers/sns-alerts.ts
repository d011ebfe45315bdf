import type { SNSEvent } from 'aws-lambda';
import type { Alert } from '#core/ports/index.js';

/** A give-up alert as decide raises it for a job whose image cannot be pulled, sent to both channels. */
export const GAVE_UP_ALERT: Alert = {
  kind: 'GAVE_UP',
  severity: 'critical',
  title: 'Gave up on Batch job nightly-etl-orders: middleware failure',
  summary: 'Job nightly-etl-orders could not pull its image.',
  next: 'Check the image.',
  fingerprint: 'GAVE_UP|middleware|prod-spot|etl|cause:image-not-found',
  at: Date.UTC(2026, 11, 5, 3),
  jobId: 'b5d735c5-521b-46c3-9a71-94ec885ffb05',
  delivery: { aggregateSeconds: 300, channels: ['sns', 'slack'] },
};

/** The event the alert topic delivers to a subscribed Lambda function: one record per message body. */
export function snsEvent(...bodies: string[]): SNSEvent {
  return {
    Records: bodies.map((Message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:batch-retry-alerts:4f1e',
      Sns: {
        Type: 'Notification',
        MessageId: `m-${i}`,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:batch-retry-alerts',
        Subject: 'x',
        Message,
        Timestamp: '2026-12-05T03:00:01.000Z',
        SignatureVersion: '1',
        Signature: 'x',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}
