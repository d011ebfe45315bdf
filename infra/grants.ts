import { ArnFormat, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Every permission a function gets, spelled out action by action (no `*` in any action) on the one
 * resource it needs. CDK's `grant*` helpers are not used where they add wildcard actions
 * (`kms:GenerateDataKey*`, `kms:ReEncrypt*`) or actions the code never calls (Query, Scan, BatchWrite).
 */
function allow(
  grantee: IGrantable,
  actions: string[],
  resources: string[],
  conditions?: Record<string, unknown>,
) {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions, resources, ...(conditions === undefined ? {} : { conditions }) }),
  );
}

/**
 * The ledger (and breaker and cursor items): the three item operations, and the table's KMS key;
 * with `waiters`, also Query and DeleteItem (the Step Functions tasks waiting on a job, and the
 * pauses a person set, are items read by partition and removed once answered or ended).
 */
export function grantLedger(
  grantee: IGrantable,
  table: { readonly tableArn: string },
  key: IKey,
  options: { readonly waiters?: boolean } = {},
): void {
  allow(
    grantee,
    [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      ...(options.waiters === true ? ['dynamodb:Query', 'dynamodb:DeleteItem'] : []),
    ],
    [table.tableArn],
  );
  allow(grantee, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [key.keyArn]);
}

/**
 * Answering the Step Functions tasks that wait on a lineage. Task tokens of service-integration Task
 * states cannot be scoped by IAM, so SendTaskSuccess and SendTaskFailure are granted on `*`.
 */
export function grantAnswerTasks(grantee: IGrantable): void {
  allow(grantee, ['states:SendTaskSuccess', 'states:SendTaskFailure'], ['*']);
}

/** PutEvents on the one event bus lineage events go to. */
export function grantPutEvents(grantee: IGrantable, busArn: string): void {
  allow(grantee, ['events:PutEvents'], [busArn]);
}

/** SendMessage (which also authorises SendMessageBatch) on one queue (SQS-managed encryption: no KMS). */
export function grantSend(grantee: IGrantable, queue: IQueue): void {
  allow(grantee, ['sqs:SendMessage'], [queue.queueArn]);
}

/** Publish to the alert topic, whose messages the stack's key encrypts. */
export function grantPublish(grantee: IGrantable, topic: ITopic, key: IKey): void {
  allow(grantee, ['sns:Publish'], [topic.topicArn]);
  allow(grantee, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
}

/** The ARN of SSM parameter (or path) `name`; `/a/b` and `a/b` name the same parameter. */
export function parameterArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: name.replace(/^\//, ''),
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * The policies under `prefix`: GetParametersByPath on the path itself, GetParameterHistory (the
 * cold-start last-known-good lookup) on the parameters below it. Nothing else in SSM.
 */
export function grantReadPolicies(grantee: IGrantable, scope: Construct, prefix: string): void {
  const path = prefix.replace(/\/$/, '');
  allow(grantee, ['ssm:GetParametersByPath'], [parameterArn(scope, path)]);
  allow(grantee, ['ssm:GetParameterHistory'], [parameterArn(scope, `${path}/*`)]);
}

/**
 * Reading one SecureString: GetParameter on it, and KMS Decrypt only through SSM and only for that
 * parameter (the encryption context SSM sets), whichever key encrypts it (`aws/ssm` or the user's).
 */
export function grantReadSecureString(grantee: IGrantable, scope: Construct, name: string): void {
  const arn = parameterArn(scope, name);
  const stack = Stack.of(scope);
  allow(grantee, ['ssm:GetParameter'], [arn]);
  allow(grantee, ['kms:Decrypt'], [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })], {
    StringEquals: {
      'kms:ViaService': `ssm.${stack.region}.${stack.urlSuffix}`,
      'kms:EncryptionContext:PARAMETER_ARN': arn,
    },
  });
}

/** The Batch resources SubmitJob may touch: job queues and job definitions, as ARNs or patterns. */
export interface SubmitScope {
  readonly jobQueueArns: readonly string[];
  readonly jobDefinitionArns: readonly string[];
}

/**
 * SubmitJob on the given queues and definitions (Batch checks both), and TagResource on the jobs it
 * creates (SubmitJob with tags needs it on the new job's ARN).
 */
export function grantSubmitJobs(grantee: IGrantable, scope: Construct, submit: SubmitScope): void {
  allow(grantee, ['batch:SubmitJob'], [...submit.jobQueueArns, ...submit.jobDefinitionArns]);
  allow(
    grantee,
    ['batch:TagResource'],
    [
      Stack.of(scope).formatArn({
        service: 'batch',
        resource: 'job',
        resourceName: '*',
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    ],
  );
}

/**
 * Reading jobs: ListJobs and DescribeJobs (and DescribeJobQueues, to list every queue) support no
 * resource-level permissions, so they are granted on `*`, read-only.
 */
export function grantReadJobs(grantee: IGrantable, withQueues: boolean): void {
  allow(
    grantee,
    ['batch:ListJobs', 'batch:DescribeJobs', ...(withQueues ? ['batch:DescribeJobQueues'] : [])],
    ['*'],
  );
}

/** DescribeJobs alone (no resource-level permissions): the await function looks up one job. */
export function grantDescribeJobs(grantee: IGrantable): void {
  allow(grantee, ['batch:DescribeJobs'], ['*']);
}
