import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LEDGER_TTL_ATTRIBUTE, ledgerTableDefinition } from '#adapters/aws/dynamodb/index.js';
import { CLAIM_LEASE_MS, MIN_REMAINING_MS_TO_SUBMIT } from '#core/orchestrator/index.js';
import { synthStack, TYPICAL_PROPS } from './stack.js';

const { template } = synthStack();

type Resource = { Properties: Record<string, unknown> };
const fn = (name: string): Resource => {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
    id.includes(`Functions${name}Function`),
  );
  if (found === undefined) throw new Error(`no function ${name}`);
  return found[1] as Resource;
};
const queueId = (name: string) =>
  Object.keys(template.findResources('AWS::SQS::Queue')).find((id) =>
    new RegExp(`Queues${name}[0-9A-F]{8}$`).test(id),
  );

describe('the EventBridge rule', () => {
  it('sends FAILED and SUCCEEDED state changes of the watched queues, and only those, to the events queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.batch'],
        'detail-type': ['Batch Job State Change'],
        detail: {
          status: ['FAILED', 'SUCCEEDED'],
          jobQueue: [
            'arn:aws:batch:eu-west-1:123456789012:job-queue/spot-queue',
            'arn:aws:batch:eu-west-1:123456789012:job-queue/ondemand-queue',
          ],
        },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queueId('Events'), 'Arn'] } })],
    });
  });

  it('drops the queue filter when every queue is watched', () => {
    const every = synthStack({ allJobQueues: true }).template;
    const [rule] = Object.values(
      every.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.anyValue() } }),
    );
    expect(rule?.Properties.EventPattern.detail).toEqual({ status: ['FAILED', 'SUCCEEDED'] });
  });
});

describe('the queues', () => {
  const queue = (name: string) => template.findResources('AWS::SQS::Queue')[queueId(name) ?? ''] as Resource;
  const seconds = (name: string) => Number(queue(name).Properties.VisibilityTimeout);
  const timeout = (name: string) => Number(fn(name).Properties.Timeout);
  const receiveLimit = (name: string) =>
    (queue(name).Properties.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount;

  it('gives each queue a DLQ: a few deliveries for events, enough for a claim lease to run out for retries', () => {
    expect(receiveLimit('Events')).toBe(5);
    expect(receiveLimit('Retries')).toBe(10);
    expect(queue('Events').Properties.RedrivePolicy).toMatchObject({
      deadLetterTargetArn: { 'Fn::GetAtt': [queueId('EventsDlq'), 'Arn'] },
    });
    expect(queue('Retries').Properties.RedrivePolicy).toMatchObject({
      deadLetterTargetArn: { 'Fn::GetAtt': [queueId('RetriesDlq'), 'Arn'] },
    });
  });

  it('keeps the settings the code relies on (docs/operations.md, "Queue settings")', () => {
    expect(seconds('Events')).toBeGreaterThanOrEqual(6 * timeout('decide'));
    expect(seconds('Retries')).toBeGreaterThanOrEqual(6 * timeout('resubmit'));
    expect(seconds('Retries') * 1000 * (receiveLimit('Retries') - 1)).toBeGreaterThan(CLAIM_LEASE_MS);
    expect(timeout('resubmit') * 1000).toBeGreaterThan(MIN_REMAINING_MS_TO_SUBMIT + 13_000);
    expect(timeout('resubmit') * 1000).toBeLessThan(CLAIM_LEASE_MS);
    expect(fn('decide').Properties.Environment).toMatchObject({
      Variables: { MAX_RECEIVE_COUNT: String(receiveLimit('Events')) },
    });
    expect(fn('resubmit').Properties.Environment).toMatchObject({
      Variables: { MAX_RECEIVE_COUNT: String(receiveLimit('Retries')) },
    });
  });

  it('reports partial batch failures on both event source mappings', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(2);
    for (const mapping of mappings)
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('encrypts every queue, refuses requests without TLS and keeps messages 14 days', () => {
    for (const name of ['Events', 'EventsDlq', 'Retries', 'RetriesDlq', 'NotifyDlq']) {
      expect(queue(name).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
    const denials = Object.values(template.findResources('AWS::SQS::QueuePolicy')).filter((policy) =>
      JSON.stringify(policy).includes('"aws:SecureTransport":"false"'),
    );
    expect(denials).toHaveLength(5);
  });
});

describe('the functions', () => {
  it('run Node.js 22 on ARM64 from the index.mjs bundle, each with its own log group', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(5);
    for (const f of functions) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
      expect(f.Properties.Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
    }
    template.resourceCountIs('AWS::Logs::LogGroup', 5);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('run with --enable-source-maps when the sourceMaps prop asks for it (13 MiB and 60 ms a container)', () => {
    const mapped = synthStack({ ...TYPICAL_PROPS, sourceMaps: true }).template;
    for (const f of Object.values(mapped.findResources('AWS::Lambda::Function'))) {
      expect(f.Properties.Environment.Variables).toMatchObject({ NODE_OPTIONS: '--enable-source-maps' });
    }
  });

  it('cap the SubmitJob rate with the resubmit function reserved concurrency, and run one sweep at a time', () => {
    expect(fn('resubmit').Properties.ReservedConcurrentExecutions).toBe(5);
    expect(fn('reconcile').Properties.ReservedConcurrentExecutions).toBe(1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
  });

  it('pass every variable their environment schema requires, and the alert topic to decide and resubmit', () => {
    const variables = (name: string) =>
      Object.keys((fn(name).Properties.Environment as { Variables: object }).Variables);
    expect(variables('decide')).toEqual(
      expect.arrayContaining(['LEDGER_TABLE', 'RETRIES_QUEUE_URL', 'POLICY_PREFIX', 'ALERT_TOPIC_ARN']),
    );
    expect(variables('resubmit')).toEqual(
      expect.arrayContaining(['LEDGER_TABLE', 'RETRIES_QUEUE_URL', 'ALERT_TOPIC_ARN']),
    );
    expect(variables('reconcile')).toEqual(
      expect.arrayContaining(['LEDGER_TABLE', 'EVENTS_QUEUE_URL', 'JOB_QUEUES']),
    );
    expect(variables('await')).toEqual(expect.arrayContaining(['LEDGER_TABLE', 'POLICY_PREFIX']));
    const bus = (name: string) =>
      (fn(name).Properties.Environment as { Variables: Record<string, string> }).Variables.LINEAGE_EVENT_BUS;
    expect([bus('decide'), bus('resubmit')]).toEqual(['default', 'default']);
  });
});

describe('the ledger, the topic and the policies', () => {
  it('builds the table from ledgerTableDefinition, with TTL, point-in-time recovery and the stack key', () => {
    const definition = ledgerTableDefinition('x');
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: definition.KeySchema,
        AttributeDefinitions: definition.AttributeDefinitions,
        BillingMode: definition.BillingMode,
        TimeToLiveSpecification: { AttributeName: LEDGER_TTL_ATTRIBUTE, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes,
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('deletes the table with the stack only when asked to', async () => {
    const { RemovalPolicy } = await import('aws-cdk-lib');
    const destroyed = synthStack({ jobQueues: ['q'], removalPolicy: RemovalPolicy.DESTROY }).template;
    destroyed.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('encrypts the alert topic, refuses publishing without TLS, and subscribes the alert emails', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('stores the default policy under the policy prefix', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/batch-retry/policies/default',
      Type: 'String',
      Value: Match.stringLikeRegexp('"name": "default"'),
    });
  });

  it('alarms on DLQ depth, function errors and message age, into the alert topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual([
      'ApproximateAgeOfOldestMessage',
      'ApproximateAgeOfOldestMessage',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'Errors',
      'Errors',
      'Errors',
      'Errors',
      'SlackRejected',
    ]);
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/Alerts/) }]);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('the notify function', () => {
  it('receives only the alerts a policy sends to Slack, and sends a failed post to its DLQ after one more try', () => {
    const notify = fn('notify').Properties as {
      Environment: { Variables: Record<string, string> };
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': string[] } };
    };

    expect(notify.Environment.Variables.SLACK_WEBHOOK_PARAMETER).toBe('/batch-retry/slack-webhook');
    expect(notify.DeadLetterConfig.TargetArn['Fn::GetAtt'][0]).toMatch(/NotifyDlq/);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 1 });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      FilterPolicy: { channels: ['slack'] },
    });
  });

  it('keeps alerts meant for Slack alone out of the email inbox, but never the alarms (which carry no channels)', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      FilterPolicy: { channels: [{ exists: false }, 'sns'] },
    });
  });

  it('is not made when no Slack webhook parameter is configured', () => {
    const { slackWebhookParameterName: _, ...withoutWebhook } = TYPICAL_PROPS;
    const { template: withoutSlack } = synthStack(withoutWebhook);

    withoutSlack.resourceCountIs('AWS::Lambda::Function', 4);
    withoutSlack.resourceCountIs('AWS::SQS::Queue', 4);
  });
});
