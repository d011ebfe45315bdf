import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { SnsEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Subscription, SubscriptionFilter, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AWS_BATCH_SOURCE, BATCH_JOB_STATE_CHANGE } from '#core/events/index.js';
import { DEFAULT_POLICY_NAME } from '#core/policy/index.js';
import { FunctionFactory } from './function-factory.js';
import {
  grantLedger,
  grantPublish,
  grantReadJobs,
  grantReadPolicies,
  grantReadSecureString,
  grantSend,
  grantSubmitJobs,
} from './grants.js';
import { createLedgerTable } from './ledger-table.js';
import { OrchestratorMonitoring } from './monitoring.js';
import { acknowledgeNagFindings } from './nag.js';
import { type BatchRetryOrchestratorProps, type ResolvedProps, resolveProps } from './props.js';
import { FUNCTION_TIMEOUTS, MAX_RECEIVE_COUNT, OrchestratorQueues } from './queues.js';
import { createAwaitFunction, grantWorkflow, lineageEventsEnvironment } from './workflow.js';

/** The job states whose events reach decide: failures to decide, successes that close a lineage. */
export const WATCHED_STATUSES = ['FAILED', 'SUCCEEDED'] as const;

/**
 * batch-retry-orchestrator in one construct: the EventBridge rule for "Batch Job State Change"
 * events of the watched queues, the events and retries queues (with DLQs), the decide, resubmit,
 * reconcile and await functions (and notify, for Slack), the DynamoDB ledger, the encrypted alert
 * topic, the default policy in SSM, and a dashboard with alarms. Every function has its own role, scoped to what its code calls
 * (docs/operations.md, "Permissions").
 *
 * @example
 * ```ts
 * new BatchRetryOrchestrator(stack, 'BatchRetry', {
 *   jobQueues: ['spot-queue', 'ondemand-queue'],
 *   alertEmails: ['ops@example.com'],
 * });
 * ```
 */
export class BatchRetryOrchestrator extends Construct {
  readonly ledger: Table;
  /** Encrypts the ledger and the alert topic; people who run the operator commands need it too. */
  readonly key: Key;
  readonly queues: OrchestratorQueues;
  readonly alertTopic: Topic;
  readonly functions: {
    readonly decide: LambdaFn;
    readonly resubmit: LambdaFn;
    readonly reconcile: LambdaFn;
    /**
     * Called by a state machine with `lambda:invoke.waitForTaskToken` (docs/workflows.md); grant
     * your state machine's role `lambda:InvokeFunction` on it (`functions.await.grantInvoke(role)`).
     */
    readonly await: LambdaFn;
    /** Posts alerts to Slack; made only when `slackWebhookParameterName` is set. */
    readonly notify?: LambdaFn;
  };
  /** Makes further functions the way the ones above were made. */
  readonly functionFactory: FunctionFactory;
  readonly monitoring: OrchestratorMonitoring;
  /** Where the notify function's failed posts go, for a redrive (with the notify function only). */
  readonly notifyDlq: Queue | undefined;
  readonly settings: ResolvedProps;

  constructor(scope: Construct, id: string, props: BatchRetryOrchestratorProps) {
    super(scope, id);
    const settings = resolveProps(props);
    this.settings = settings;
    const { removalPolicy } = settings;

    const key = new Key(this, 'Key', {
      description: 'batch-retry: the ledger and the alert topic',
      enableKeyRotation: true,
      removalPolicy,
    });
    this.key = key;
    // CloudWatch alarms publish to the encrypted topic.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.ledger = createLedgerTable(this, 'Ledger', { key, removalPolicy });
    this.queues = new OrchestratorQueues(this, 'Queues', { removalPolicy });
    this.alertTopic = new Topic(this, 'Alerts', {
      masterKey: key,
      enforceSSL: true,
      displayName: 'batch-retry alerts',
    });
    this.alertTopic.applyRemovalPolicy(removalPolicy);
    this.alertTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alertTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    settings.alertEmails.forEach((email, i) => {
      new Subscription(this, `AlertEmail${i}`, {
        topic: this.alertTopic,
        protocol: SubscriptionProtocol.EMAIL,
        endpoint: email,
        // Alerts a policy sends to Slack only stay out of the inbox (docs/alerts.md, "Channels");
        // CloudWatch alarms carry no channels attribute and always arrive.
        filterPolicy: { channels: new SubscriptionFilter([{ exists: false }, 'sns']) },
      });
    });
    if (settings.defaultPolicy !== undefined) {
      new StringParameter(this, 'DefaultPolicy', {
        parameterName: `${settings.policyPrefix}${DEFAULT_POLICY_NAME}`,
        stringValue: settings.defaultPolicy,
        description: 'batch-retry: the policy of every job no other policy matches (docs/policy.md)',
        tier: ParameterTier.INTELLIGENT_TIERING,
      });
    }

    this.functionFactory = new FunctionFactory(this, 'Functions', settings);
    const watched = settings.jobQueues?.map((queue) => this.jobQueueArn(queue));
    const ledgerEnv = { LEDGER_TABLE: this.ledger.tableName };
    const alertEnv = { ALERT_TOPIC_ARN: this.alertTopic.topicArn };
    const workflowEnv = lineageEventsEnvironment(settings);

    const decide = this.functionFactory.create({
      name: 'decide',
      description: 'batch-retry: classifies each failed Batch job and records one decision',
      timeout: FUNCTION_TIMEOUTS.decide,
      memorySize: 512,
      environment: {
        ...ledgerEnv,
        ...alertEnv,
        ...workflowEnv,
        RETRIES_QUEUE_URL: this.queues.retries.queueUrl,
        POLICY_PREFIX: settings.policyPrefix,
        MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT.events),
      },
    });
    grantLedger(decide, this.ledger, key, { waiters: true });
    grantWorkflow(decide, this, settings);
    grantSend(decide, this.queues.retries);
    grantReadPolicies(decide, this, settings.policyPrefix);
    grantPublish(decide, this.alertTopic, key);
    decide.addEventSource(
      new SqsEventSource(this.queues.events, { batchSize: 10, reportBatchItemFailures: true }),
    );

    const cap = settings.maxConcurrentResubmissions;
    const resubmit = this.functionFactory.create({
      name: 'resubmit',
      description: 'batch-retry: resubmits a failed Batch job once its backoff is over',
      timeout: FUNCTION_TIMEOUTS.resubmit,
      reservedConcurrentExecutions: cap,
      environment: {
        ...ledgerEnv,
        ...alertEnv,
        ...workflowEnv,
        RETRIES_QUEUE_URL: this.queues.retries.queueUrl,
        MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT.retries),
      },
    });
    grantLedger(resubmit, this.ledger, key, { waiters: true });
    grantWorkflow(resubmit, this, settings);
    grantSend(resubmit, this.queues.retries);
    grantSubmitJobs(resubmit, this, {
      jobQueueArns:
        watched === undefined
          ? [this.jobQueueArn('*')]
          : [...watched, ...settings.fallbackJobQueues.map((queue) => this.jobQueueArn(queue))],
      jobDefinitionArns: (settings.jobDefinitions ?? ['*']).map((name) => this.jobDefinitionArn(name)),
    });
    grantReadJobs(resubmit, false);
    grantPublish(resubmit, this.alertTopic, key);
    resubmit.addEventSource(
      new SqsEventSource(this.queues.retries, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // The event source's own cap (at least 2) keeps SQS from being throttled by the reserved concurrency.
        ...(cap >= 2 ? { maxConcurrency: cap } : {}),
      }),
    );

    const reconcile = this.functionFactory.create({
      name: 'reconcile',
      description: 'batch-retry: re-feeds failed Batch jobs whose events never reached decide',
      timeout: FUNCTION_TIMEOUTS.reconcile,
      reservedConcurrentExecutions: 1,
      environment: {
        ...ledgerEnv,
        EVENTS_QUEUE_URL: this.queues.events.queueUrl,
        JOB_QUEUES: watched === undefined ? '*' : watched.join(','),
      },
    });
    grantLedger(reconcile, this.ledger, key);
    grantSend(reconcile, this.queues.events);
    grantReadJobs(reconcile, watched === undefined);
    new Rule(this, 'ReconcileSchedule', {
      description: 'batch-retry: the reconcile sweep',
      schedule: Schedule.rate(settings.reconcileInterval),
      targets: [new LambdaFunction(reconcile, { retryAttempts: 0 })],
    });

    new Rule(this, 'JobStateChanges', {
      description: 'batch-retry: failed and succeeded Batch jobs of the watched queues',
      eventPattern: {
        source: [AWS_BATCH_SOURCE],
        detailType: [BATCH_JOB_STATE_CHANGE],
        detail: { status: [...WATCHED_STATUSES], ...(watched === undefined ? {} : { jobQueue: watched }) },
      },
      targets: [new SqsQueue(this.queues.events)],
    });

    const slack = this.createNotify(settings.slackWebhookParameterName);
    this.notifyDlq = slack?.dlq;
    this.functions = {
      decide,
      resubmit,
      reconcile,
      await: createAwaitFunction(this, this.functionFactory, { ledger: this.ledger, key, settings }),
      ...(slack === undefined ? {} : { notify: slack.notify }),
    };
    this.monitoring = new OrchestratorMonitoring(this, 'Monitoring', {
      functions: this.functions,
      queues: {
        events: this.queues.events,
        eventsDlq: this.queues.eventsDlq,
        retries: this.queues.retries,
        retriesDlq: this.queues.retriesDlq,
        ...(slack === undefined ? {} : { notifyDlq: slack.dlq }),
      },
      alertTopic: this.alertTopic,
    });
    acknowledgeNagFindings(this, settings);
  }

  /**
   * The notify function, when a Slack webhook parameter is configured: subscribed to the alert topic
   * for the alerts a policy sends to Slack (a filter policy on the `channels` attribute), reading the
   * webhook SecureString and nothing else; a failed post goes to the notify DLQ after one more try.
   */
  private createNotify(webhookParameter: string | undefined): { notify: LambdaFn; dlq: Queue } | undefined {
    if (webhookParameter === undefined) return undefined;
    const notifyDlq = this.queues.deadLetterQueue('NotifyDlq');
    const notify = this.functionFactory.create({
      name: 'notify',
      description: 'batch-retry: posts alerts to Slack',
      timeout: FUNCTION_TIMEOUTS.notify,
      environment: { SLACK_WEBHOOK_PARAMETER: webhookParameter },
      deadLetterQueue: notifyDlq,
      retryAttempts: 1,
    });
    this.grantSlackWebhook(notify);
    notify.addEventSource(
      new SnsEventSource(this.alertTopic, {
        filterPolicy: { channels: SubscriptionFilter.stringFilter({ allowlist: ['slack'] }) },
      }),
    );
    return { notify, dlq: notifyDlq };
  }

  /**
   * Lets `grantee` read the Slack webhook SecureString (`slackWebhookParameterName`) and decrypt it
   * through SSM. Throws when no webhook parameter was configured.
   */
  grantSlackWebhook(grantee: IGrantable): void {
    const name = this.settings.slackWebhookParameterName;
    if (name === undefined) throw new Error('BatchRetryOrchestrator: no slackWebhookParameterName was set');
    grantReadSecureString(grantee, this, name);
  }

  private jobQueueArn(queue: string): string {
    return queue.startsWith('arn:') ? queue : this.batchArn('job-queue', queue);
  }

  /** Every revision of job definition `name` (`*` for every definition). */
  private jobDefinitionArn(name: string): string {
    return this.batchArn('job-definition', name === '*' ? '*' : `${name}:*`);
  }

  private batchArn(resource: string, resourceName: string): string {
    return Stack.of(this).formatArn({
      service: 'batch',
      resource,
      resourceName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}
