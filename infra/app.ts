import { Annotations, App, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BatchRetryOrchestrator } from './batch-retry-orchestrator.js';
import { type AppContext, propsFromContext } from './context.js';

/**
 * The CDK app of `cdk.json`: one stack holding the construct, configured from context values
 * (`npx cdk deploy -c jobQueues=queue-a,queue-b -c alertEmail=ops@example.com`; docs/deploy.md lists
 * them), checked by cdk-nag's AwsSolutions pack on every synth.
 */
const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
const context = (key: keyof AppContext): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null ? undefined : String(value);
};
const { stackName, props, warnings } = propsFromContext(context);
const stack = new Stack(app, stackName, {
  description: 'batch-retry-orchestrator: retries failed AWS Batch jobs under policies (docs/deploy.md)',
});
const orchestrator = new BatchRetryOrchestrator(stack, 'BatchRetry', props);
const outputs: Record<string, [string, string]> = {
  AlertTopicArn: [orchestrator.alertTopic.topicArn, 'subscribe alert channels here (email, AWS Chatbot)'],
  LedgerTableName: [orchestrator.ledger.tableName, 'batch-retry lineage --table <this>'],
  EventsQueueUrl: [orchestrator.queues.events.queueUrl, 'decide reads it'],
  EventsDlqArn: [
    orchestrator.queues.eventsDlq.queueArn,
    'redrive: aws sqs start-message-move-task --source-arn <this>',
  ],
  RetriesDlqArn: [
    orchestrator.queues.retriesDlq.queueArn,
    'redrive: aws sqs start-message-move-task --source-arn <this>',
  ],
  ResubmitFunctionName: [
    orchestrator.functions.resubmit.functionName,
    'pause all retries: disable its SQS event source mapping',
  ],
  AwaitFunctionArn: [
    orchestrator.functions.await.functionArn,
    'Step Functions: lambda:invoke.waitForTaskToken on this (docs/workflows.md)',
  ],
  KeyArn: [
    orchestrator.key.keyArn,
    'the ledger and topic key: operators need kms:Decrypt on it (docs/operations.md)',
  ],
  RetriesQueueUrl: [orchestrator.queues.retries.queueUrl, 'batch-retry retry --retries-queue-url <this>'],
  DashboardName: [orchestrator.monitoring.dashboard.dashboardName, 'CloudWatch dashboard'],
};
for (const [id, [value, description]] of Object.entries(outputs))
  new CfnOutput(stack, id, { value, description });
for (const warning of warnings) Annotations.of(stack).addWarningV2('batch-retry:context', warning);
app.synth();
