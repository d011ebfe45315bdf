import type { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { iamStatements, roleOf, synthStack } from './stack.js';

const { template } = synthStack();
const statements = iamStatements(template);
const actionsOf = (fn: string) =>
  statements
    .filter((s) => s.role === roleOf(template, fn))
    .flatMap((s) => s.Action)
    .sort();
const resourcesOf = (fn: string, action: string) =>
  statements
    .filter((s) => s.role === roleOf(template, fn) && s.Action.includes(action))
    .flatMap((s) => s.Resource);
const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:123456789012:${resource}`;

describe('least privilege', () => {
  it('has no wildcard action anywhere, and no managed policy on any role', () => {
    expect(statements.flatMap((s) => s.Action).filter((action) => action.includes('*'))).toEqual([]);
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('gives each function its own role, allowing exactly the calls its code makes', () => {
    const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    const ledger = [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
    ];
    const alerts = ['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish'];
    const consume = [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ];
    // Waiting Step Functions tasks and pauses: items read by partition and removed when done.
    const waiters = ['dynamodb:Query', 'dynamodb:DeleteItem'];
    const workflow = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'events:PutEvents'];
    const sorted = (...lists: string[][]) => [...new Set(lists.flat())].sort();
    expect(actionsOf('decide')).toEqual(
      sorted(logs, ledger, waiters, alerts, consume, workflow, [
        'sqs:SendMessage',
        'ssm:GetParametersByPath',
        'ssm:GetParameterHistory',
      ]),
    );
    expect(actionsOf('resubmit')).toEqual(
      sorted(logs, ledger, waiters, alerts, consume, workflow, [
        'sqs:SendMessage',
        'batch:SubmitJob',
        'batch:TagResource',
        'batch:ListJobs',
        'batch:DescribeJobs',
      ]),
    );
    expect(actionsOf('reconcile')).toEqual(
      sorted(logs, ledger, ['sqs:SendMessage', 'batch:ListJobs', 'batch:DescribeJobs']),
    );
    expect(actionsOf('await')).toEqual(
      sorted(logs, ledger, waiters, [
        'batch:DescribeJobs',
        'ssm:GetParametersByPath',
        'ssm:GetParameterHistory',
        'states:SendTaskSuccess',
        'states:SendTaskFailure',
      ]),
    );
  });

  it('publishes lineage events only to the bus named, and not at all without one', () => {
    const quiet = synthStack({ jobQueues: ['q'] }).template;
    const anyPutEvents = iamStatements(quiet).some((s) => s.Action.includes('events:PutEvents'));

    expect(resourcesOf('decide', 'events:PutEvents')).toEqual([arn('events', 'event-bus/default')]);
    expect(resourcesOf('resubmit', 'events:PutEvents')).toEqual([arn('events', 'event-bus/default')]);
    expect(anyPutEvents).toBe(false);
  });

  it('allows SubmitJob only on the watched and fallback queues and on job definitions, and tagging only on jobs', () => {
    expect(resourcesOf('resubmit', 'batch:SubmitJob')).toEqual([
      arn('batch', 'job-definition/*'),
      arn('batch', 'job-queue/ondemand-fallback'),
      arn('batch', 'job-queue/ondemand-queue'),
      arn('batch', 'job-queue/spot-queue'),
    ]);
    expect(resourcesOf('resubmit', 'batch:TagResource')).toEqual([arn('batch', 'job/*')]);
  });

  it('narrows SubmitJob to the named job definitions, and widens it to every queue only when asked', () => {
    const named = synthStack({ jobQueues: ['q'], jobDefinitions: ['render'] }).template;
    const every = synthStack({ allJobQueues: true }).template;
    const submitTo = (t: Template) =>
      iamStatements(t)
        .filter((s) => s.role === roleOf(t, 'resubmit') && s.Action.includes('batch:SubmitJob'))
        .flatMap((s) => s.Resource)
        .sort();

    expect(submitTo(named)).toEqual([arn('batch', 'job-definition/render:*'), arn('batch', 'job-queue/q')]);
    expect(submitTo(every)).toEqual([arn('batch', 'job-definition/*'), arn('batch', 'job-queue/*')]);
    expect(iamStatements(every).some((s) => s.Action.includes('batch:DescribeJobQueues'))).toBe(true);
    expect(statements.some((s) => s.Action.includes('batch:DescribeJobQueues'))).toBe(false);
  });

  it('reads SSM only under the policy prefix, and the ledger and topic only through their own ARNs', () => {
    expect(resourcesOf('decide', 'ssm:GetParametersByPath')).toEqual([
      arn('ssm', 'parameter/batch-retry/policies'),
    ]);
    expect(resourcesOf('decide', 'ssm:GetParameterHistory')).toEqual([
      arn('ssm', 'parameter/batch-retry/policies/*'),
    ]);
    expect(resourcesOf('decide', 'dynamodb:PutItem')).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^BatchRetryLedger/), 'Arn'] },
    ]);
    expect(resourcesOf('resubmit', 'sns:Publish')).toEqual([
      { Ref: expect.stringMatching(/^BatchRetryAlerts/) },
    ]);
  });

  it('lets the notify function read the Slack webhook and decrypt it through SSM for that parameter only', () => {
    const { template: withNotify } = synthStack(undefined, (construct, stack) => {
      construct.grantSlackWebhook(
        new Role(stack, 'NotifyRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }),
      );
    });

    const granted = iamStatements(withNotify).filter((s) => s.role.startsWith('NotifyRole'));
    const parameter = arn('ssm', 'parameter/batch-retry/slack-webhook');
    expect(granted).toEqual([
      { role: expect.any(String), Action: ['ssm:GetParameter'], Resource: [parameter] },
      {
        role: expect.any(String),
        Action: ['kms:Decrypt'],
        Resource: [arn('kms', 'key/*')],
        Condition: {
          StringEquals: {
            'kms:ViaService': { 'Fn::Join': ['', ['ssm.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] },
            'kms:EncryptionContext:PARAMETER_ARN': parameter,
          },
        },
      },
    ]);
  });
});
