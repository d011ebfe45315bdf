import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSnsAlertTopic, emailSubject } from '#adapters/aws/sns/index.js';
import { parseAlertMessage } from '#core/alerts/index.js';
import { OrchestratorError } from '#core/errors.js';
import type { Alert } from '#core/ports/index.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:batch-retry-alerts';

afterEach(() => {
  sns.reset();
});

const ALERT: Alert = {
  kind: 'GAVE_UP',
  severity: 'critical',
  title:
    'Gave up on Batch job nightly-etl-orders: infrastructure failure — Spot capacity gone in every pool of the queue',
  summary: 'Job nightly-etl-orders (b5d7) on queue prod-spot lost its host. Next: check Spot capacity.',
  next: 'Check Spot capacity.',
  fingerprint: 'GAVE_UP|infrastructure|prod-spot|etl|cause:spot-reclaim',
  at: Date.UTC(2026, 11, 5, 3, 0, 0),
  jobId: 'b5d735c5-521b-46c3-9a71-94ec885ffb05',
  jobQueue: 'prod-spot',
  failureClass: 'infrastructure',
  policy: 'production',
  links: { job: 'https://us-east-1.console.aws.amazon.com/batch/home?region=us-east-1#jobs/detail/b5d735c5' },
  delivery: { aggregateSeconds: 300, channels: ['sns', 'slack'] },
};

async function published(httpsFormat?: 'chatbot' | 'alert-json'): Promise<PublishCommandInput> {
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  const topic = createSnsAlertTopic({
    client: new SNSClient({ region: 'us-east-1' }),
    topicArn: TOPIC,
    ...(httpsFormat === undefined ? {} : { httpsFormat }),
  });
  await topic.publish(ALERT);
  const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
  if (input === undefined) throw new Error('nothing was published');
  return input;
}

describe('the SNS alert topic', () => {
  it('publishes the versioned alert message to machines, with attributes subscribers can filter on', async () => {
    const input = await published();
    const bodies = JSON.parse(input.Message ?? '{}') as Record<string, string>;

    expect(input.MessageStructure).toBe('json');
    for (const protocol of ['default', 'lambda', 'sqs', 'email-json']) {
      expect(parseAlertMessage(bodies[protocol] ?? '')).toMatchObject({
        schema: 'batch-retry.alert',
        version: 1,
        kind: 'GAVE_UP',
        at: '2026-12-05T03:00:00.000Z',
        channels: ['sns', 'slack'],
      });
    }
    expect(input.MessageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'GAVE_UP' },
      severity: { DataType: 'String', StringValue: 'critical' },
      class: { DataType: 'String', StringValue: 'infrastructure' },
      queue: { DataType: 'String', StringValue: 'prod-spot' },
      policy: { DataType: 'String', StringValue: 'production' },
      channels: { DataType: 'String.Array', StringValue: '["sns","slack"]' },
    });
  });

  it('gives email a readable text with the console link, under a one-line ASCII subject of less than 100 characters', async () => {
    const input = await published();
    const email = (JSON.parse(input.Message ?? '{}') as Record<string, string>).email ?? '';

    expect(input.Subject?.length).toBeLessThan(100);
    expect(input.Subject).toMatch(
      /^\[critical\] Gave up on Batch job nightly-etl-orders: infrastructure failure \? Spot/,
    );
    expect(input.Subject).toMatch(/^[\x20-\x7e]+$/);
    expect(email).toContain(ALERT.summary);
    expect(email).toContain(`Job in the AWS console: ${ALERT.links?.job}`);
  });

  it('gives https subscribers the AWS Chatbot custom-notification format, or the alert message when asked', async () => {
    const chatbot = JSON.parse(
      (JSON.parse((await published()).Message ?? '{}') as Record<string, string>).https ?? '',
    );
    sns.reset();
    const plain = JSON.parse(
      (JSON.parse((await published('alert-json')).Message ?? '{}') as Record<string, string>).https ?? '',
    );

    expect(chatbot).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title: ALERT.title,
        nextSteps: ['Check Spot capacity.', ALERT.links?.job],
      },
      metadata: { eventType: 'GAVE_UP', relatedResources: [ALERT.jobId] },
    });
    expect(plain.schema).toBe('batch-retry.alert');
  });

  it('fails transiently when SNS is throttled, and permanently when the topic is gone', async () => {
    // One attempt per call: the SDK's own retries would hide the error from this test.
    const topic = createSnsAlertTopic({
      client: new SNSClient({ region: 'us-east-1', maxAttempts: 1 }),
      topicArn: TOPIC,
    });
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }))
      .rejectsOnce(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));

    const throttled = await topic.publish(ALERT).catch((error: unknown) => error);
    const gone = await topic.publish(ALERT).catch((error: unknown) => error);

    expect(throttled).toBeInstanceOf(OrchestratorError);
    expect((throttled as OrchestratorError).transient).toBe(true);
    expect((gone as OrchestratorError).transient).toBe(false);
    expect((gone as Error).message).toContain(`could not publish the GAVE_UP alert to SNS topic ${TOPIC}`);
  });
});

describe('emailSubject', () => {
  it('keeps a subject on one printable ASCII line', () => {
    expect(emailSubject({ severity: 'info', title: 'Retries resumed\non queue ✓ prod' })).toBe(
      '[info] Retries resumed on queue ? prod',
    );
  });
});
