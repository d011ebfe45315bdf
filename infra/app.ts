import { Annotations, App, Stack, Validations } from 'aws-cdk-lib';
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
new BatchRetryOrchestrator(stack, 'BatchRetry', props);
for (const warning of warnings) Annotations.of(stack).addWarningV2('batch-retry:context', warning);
app.synth();
