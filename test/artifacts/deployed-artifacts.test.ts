import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Parameter } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbLedger, createDynamoDbSweepCursor } from '#adapters/aws/dynamodb/index.js';
import { toAlertMessage } from '#core/alerts/index.js';
import { RECONCILE_EVENT_ID_PREFIX } from '#core/reconcile/index.js';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.js';
import {
  createLedgerTable,
  dynaliteClient,
  type RunningDynalite,
  startDynalite,
} from '../helpers/dynalite.js';
import { examplePolicyParameters } from '../helpers/policies.js';
import { reconcileSchedule } from '../helpers/scheduled-event.js';
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack-stand-in.js';
import { snsEvent } from '../helpers/sns-alerts.js';
import { sqsEvent, sqsRecord } from '../helpers/sqs-records.js';
import { jobEvent, shiftTimes } from '../integration/functions/job-events.js';
import { cdkSynth, invokeUnderNode22, type Synthesised } from './artifacts.js';

/**
 * The deployed files, tested: the real `cdk synth` (bundling, cdk-nag, CloudFormation validation)
 * builds the function bundles exactly as `cdk deploy` uploads them, and each one then runs under
 * Node.js 22 (the Lambda runtime's major version) against dynalite and a local stand-in for Batch,
 * SQS, SNS and SSM: a failure EventBridge lost is found by reconcile, decided by decide and
 * resubmitted by resubmit, through the bundles alone.
 */
const TABLE = 'smoke-ledger';
const work = mkdtempSync(join(tmpdir(), 'artifacts-'));
let synth: Synthesised;
let dynamo: RunningDynalite;
let aws: AwsStandIn;
let slack: SlackStandIn;
const WEBHOOK_PARAMETER = '/batch-retry/slack-webhook';

/**
 * Local values for every variable the template sets (its values there are CloudFormation
 * references). Queue URLs name the stand-in: the SQS client sends to the host of the queue URL.
 */
const localValues = (): Readonly<Record<string, string>> => ({
  POWERTOOLS_LOG_LEVEL: 'INFO',
  LEDGER_TABLE: TABLE,
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:batch-retry-alerts',
  RETRIES_QUEUE_URL: `${aws.endpoint}/123456789012/batch-retry-retries`,
  EVENTS_QUEUE_URL: `${aws.endpoint}/123456789012/batch-retry-events`,
  POLICY_PREFIX: '/batch-retry/policies/',
  JOB_QUEUES: 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue',
  MAX_RECEIVE_COUNT: '5',
  SLACK_WEBHOOK_PARAMETER: WEBHOOK_PARAMETER,
});

/** The environment of function `name` as deployed, pointed at the local stand-ins. */
function environmentOf(name: string, extra: Record<string, string> = {}): Record<string, string> {
  const variables = synth.environmentOf(name).map((key) => {
    const value = localValues()[key];
    if (value === undefined)
      throw new Error(`the template sets ${key} on ${name}; give it a local value here`);
    return [key, value];
  });
  return {
    ...Object.fromEntries(variables),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_BATCH: aws.endpoint,
    AWS_ENDPOINT_URL_SQS: aws.endpoint,
    AWS_ENDPOINT_URL_SNS: aws.endpoint,
    AWS_ENDPOINT_URL_SSM: aws.endpoint,
    ...extra,
  };
}

const sent = (queueUrl: string) =>
  aws.calls
    .filter((c) => c.service === 'sqs' && c.input.QueueUrl === queueUrl)
    .flatMap(
      (c) =>
        (c.input.Entries as { MessageBody: string }[] | undefined) ?? [
          { MessageBody: String(c.input.MessageBody) },
        ],
    )
    .map((entry) => JSON.parse(entry.MessageBody) as Record<string, unknown>);

/**
 * The example spot-reclaim policy with its rule written as an RE2 pattern on the status reason, so
 * that decide needs re2js: the bundle requires it from node_modules beside it (infra/function-bundle.ts).
 */
function withReclaimRuleAsRegex(parameter: Parameter): Parameter {
  if (!parameter.Name?.endsWith('/spot-reclaim')) return parameter;
  const policy = JSON.parse(parameter.Value ?? '') as { rules: Record<string, unknown>[] };
  policy.rules = [
    {
      description: 'Spot reclaim',
      onStatusReason: '^Host EC2 \\(instance i-[0-9a-f]+\\) terminated',
      regex: true,
      action: 'RETRY',
    },
  ];
  return { ...parameter, Value: JSON.stringify(policy) };
}

beforeAll(async () => {
  slack = await startSlackStandIn();
  [synth, dynamo, aws] = await Promise.all([
    cdkSynth(join(work, 'cdk.out'), { jobQueues: 'spot-queue', slackWebhookParameter: WEBHOOK_PARAMETER }),
    startDynalite(),
    startAwsStandIn({
      parameters: [
        ...examplePolicyParameters('/batch-retry/policies/', 3).map(withReclaimRuleAsRegex),
        { Name: WEBHOOK_PARAMETER, Type: 'SecureString', Value: slack.url, Version: 1 },
      ],
      jobs: [],
    }),
  ]);
  await createLedgerTable(dynamo.endpoint, TABLE);
}, 240_000);

afterAll(async () => {
  await Promise.all([dynamo?.stop(), aws?.stop(), slack?.close()]);
});

/** What each function's asset holds, and what those that read policies hold beside it. */
const BUNDLE = ['index.mjs', 'index.mjs.map'];
const RE2JS = [
  'node_modules',
  'node_modules/re2js',
  ...['LICENSE', 'build', 'build/index.cjs', 'package.json'].map((f) => `node_modules/re2js/${f}`),
];

describe('cdk synth', () => {
  it('passes cdk-nag with every finding acknowledged, and writes each function as index.mjs with its source map', () => {
    expect(Object.keys(synth.template.Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'AlertTopicArn',
        'LedgerTableName',
        'EventsDlqArn',
        'RetriesDlqArn',
        'DashboardName',
      ]),
    );
    const report = JSON.parse(readFileSync(join(work, 'cdk.out', 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        violations: unknown[];
        suppressedViolations: { acknowledgedId?: string }[];
      }[];
    };
    const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(nag).toMatchObject({ conclusion: 'success', violations: [] });
    expect(nag?.suppressedViolations.every((v) => v.acknowledgedId !== undefined)).toBe(true);
    for (const name of ['decide', 'resubmit', 'reconcile', 'await', 'notify']) {
      const bundle = readFileSync(join(synth.bundleOf(name), 'index.mjs'), 'utf8');
      expect(bundle.length).toBeGreaterThan(100_000);
      expect(bundle).toContain('sourceMappingURL=index.mjs.map');
      expect(readFileSync(join(synth.bundleOf(name), 'index.mjs.map'), 'utf8')).toContain(
        `functions/${name}/handler.ts`,
      );
      // re2js beside the bundles of the functions that read policies, and only there.
      const files = readdirSync(synth.bundleOf(name), { recursive: true }).map(String).sort();
      expect(files).toEqual(['decide', 'await'].includes(name) ? [...BUNDLE, ...RE2JS] : BUNDLE);
    }
  });
});

describe('the function bundles under Node.js 22', () => {
  it('carry a lost failure from reconcile through decide and resubmit to one SubmitJob', async () => {
    const lost = jobEvent('ec2-spot-host-terminated');
    shiftTimes(lost, Date.now() - 60 * 60_000);
    const { resourceArn: _, ...tags } = lost.detail.tags as Record<string, string>;
    aws.world.jobs.push({ ...lost.detail, tags });
    const client = dynaliteClient(dynamo.endpoint);
    const cursor = createDynamoDbSweepCursor({ client, tableName: TABLE });
    await cursor.advance({ at: Number(lost.detail.stoppedAt) - 1, jobId: '' }, undefined);

    const swept = await invokeUnderNode22(
      synth.bundleOf('reconcile'),
      reconcileSchedule(new Date().toISOString()),
      environmentOf('reconcile'),
      work,
    );
    expect(swept.result, JSON.stringify(swept.lines)).toMatchObject({
      outcome: 'swept',
      checked: 1,
      sent: 1,
    });
    const [reFed] = sent(localValues().EVENTS_QUEUE_URL ?? '');
    expect(reFed).toMatchObject({
      id: `${RECONCILE_EVENT_ID_PREFIX}${lost.detail.jobId}`,
      source: 'aws.batch',
    });

    const decided = await invokeUnderNode22(
      synth.bundleOf('decide'),
      sqsEvent(sqsRecord(reFed)),
      environmentOf('decide'),
      work,
    );
    expect(decided.result).toEqual({ batchItemFailures: [] });
    expect(decided.lines.map((line) => line.message)).toContain(
      'deciding a failure the reconcile sweep found (its EventBridge event never arrived)',
    );
    expect(decided.lines).toContainEqual(
      expect.objectContaining({ service: 'batch-retry-decide', class: 'infrastructure', FailuresByClass: 1 }),
    );
    const [retry] = sent(localValues().RETRIES_QUEUE_URL ?? '');
    expect(retry).toMatchObject({ rootJobId: lost.detail.jobId, failedJobId: lost.detail.jobId });

    const dueIn = Number(retry?.dueAt) - Date.now() + 1_000;
    const resubmitted = await invokeUnderNode22(
      synth.bundleOf('resubmit'),
      sqsEvent(sqsRecord(retry)),
      environmentOf('resubmit', { MAX_RECEIVE_COUNT: '10', SMOKE_CLOCK_OFFSET_MS: String(dueIn) }),
      work,
    );
    expect(resubmitted.result).toEqual({ batchItemFailures: [] });

    const submits = aws.calls.filter((c) => c.service === 'batch' && c.operation === 'submitjob');
    expect(submits).toHaveLength(1);
    expect(submits[0]?.input).toMatchObject({
      jobName: lost.detail.jobName,
      jobQueue: lost.detail.jobQueue,
      jobDefinition: lost.detail.jobDefinition,
      tags: expect.objectContaining({
        'batch-retry:root-job-id': lost.detail.jobId,
        'batch-retry:parent-job-id': lost.detail.jobId,
      }),
    });
    const lineage = await createDynamoDbLedger({ client, tableName: TABLE }).getLineage(
      String(lost.detail.jobId),
    );
    expect(lineage?.decisions[0]?.submission?.state).toBe('CLAIMED');
    // Decided by the policy whose rule is a regex: re2js was found beside the decide bundle.
    expect(lineage?.policyName).toBe('spot-reclaim');
    client.destroy();
  });

  it('keeps the task token of a Step Functions task through the await bundle, until the lineage ends', async () => {
    const running = jobEvent('ec2-spot-host-terminated', { jobId: 'a7a17000-0000-4000-8000-000000000001' });
    aws.world.jobs.push({
      ...running.detail,
      status: 'RUNNING',
      tags: { 'batch-retry:await': 'step-functions' },
    });

    const awaited = await invokeUnderNode22(
      synth.bundleOf('await'),
      { jobId: running.detail.jobId, taskToken: 'smoke-task-token' },
      environmentOf('await'),
      work,
    );

    expect(awaited.result, JSON.stringify(awaited.lines)).toEqual({
      outcome: 'waiting',
      rootJobId: running.detail.jobId,
    });
    expect(aws.calls.filter((c) => c.service === 'batch').map((c) => c.operation)).toContain('describejobs');
  });

  it('posts an alert from the topic to Slack through the notify bundle, reading the webhook from SSM, never logging it', async () => {
    const alert = toAlertMessage({
      kind: 'GAVE_UP',
      severity: 'critical',
      title: 'Gave up on Batch job nightly-etl-orders: middleware failure',
      summary: 'Job nightly-etl-orders could not pull its image.',
      next: 'Check the image.',
      fingerprint: 'GAVE_UP|middleware|spot-queue|etl|cause:image-not-found',
      at: Date.now(),
      delivery: { aggregateSeconds: 300, channels: ['sns', 'slack'] },
    });
    const event = snsEvent(JSON.stringify(alert));

    const notified = await invokeUnderNode22(
      synth.bundleOf('notify'),
      event,
      environmentOf('notify', { SLACK_WEBHOOK_HOSTS: '127.0.0.1' }),
      work,
    );

    expect(notified.result, JSON.stringify(notified.lines)).toBeNull();
    expect(slack.received).toEqual([expect.objectContaining({ text: `GAVE_UP: ${alert.title}` })]);
    expect(JSON.stringify(notified.lines)).not.toContain(slack.secret);
  });
});
