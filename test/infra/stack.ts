import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BatchRetryOrchestrator, type BatchRetryOrchestratorProps } from '#infra/index.js';

/** The feature flags of cdk.json: `new App()` in a test does not read that file (toolchain.md, G17). */
export const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** Props of a typical deployment: two watched queues, a fallback queue, an alert email, Slack, lineage events. */
export const TYPICAL_PROPS: BatchRetryOrchestratorProps = {
  jobQueues: ['spot-queue', 'arn:aws:batch:eu-west-1:123456789012:job-queue/ondemand-queue'],
  fallbackJobQueues: ['ondemand-fallback'],
  alertEmails: ['ops@example.com'],
  slackWebhookParameterName: '/batch-retry/slack-webhook',
  lineageEventBus: 'default',
};

/**
 * A stack holding the construct, synthesised without bundling (the functions' code is not built:
 * `aws:cdk:bundling-stacks` is empty) and without CloudFormation validation, so that a template
 * test takes milliseconds. `extend` adds to the stack before it is synthesised. The real synth, with bundling and cdk-nag, is test/infra/synth.test.ts.
 */
export function synthStack(
  props: BatchRetryOrchestratorProps = TYPICAL_PROPS,
  extend?: (construct: BatchRetryOrchestrator, stack: Stack) => void,
): {
  stack: Stack;
  construct: BatchRetryOrchestrator;
  template: Template;
} {
  const app = new App({
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const construct = new BatchRetryOrchestrator(stack, 'BatchRetry', props);
  extend?.(construct, stack);
  return { stack, construct, template: Template.fromStack(stack) };
}

/** Every IAM statement of the template's policies, with the logical id of the role it is attached to. */
export function iamStatements(
  template: Template,
): { role: string; Action: string[]; Resource: unknown[]; Condition?: unknown }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => {
    const props = policy.Properties as {
      Roles: { Ref: string }[];
      PolicyDocument: { Statement: Record<string, unknown>[] };
    };
    const role = props.Roles[0]?.Ref ?? '';
    return props.PolicyDocument.Statement.map((s) => ({
      role,
      Action: [s.Action].flat() as string[],
      Resource: [s.Resource].flat(),
      ...(s.Condition === undefined ? {} : { Condition: s.Condition }),
    }));
  });
}

/** The logical id of the role of function `name` (decide, resubmit, reconcile). */
export function roleOf(template: Template, name: string): string {
  const [id] = Object.keys(template.findResources('AWS::IAM::Role')).filter((logicalId) =>
    logicalId.includes(`Functions${name}Role`),
  );
  if (id === undefined) throw new Error(`no role for function ${name}`);
  return id;
}
