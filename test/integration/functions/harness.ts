import {
  BatchClient,
  ListJobsCommand,
  SubmitJobCommand,
  type SubmitJobCommandInput,
  type SubmitJobCommandOutput,
} from '@aws-sdk/client-batch';
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  SendMessageCommand,
  type SendMessageCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, vi } from 'vitest';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import type { RetryMessage } from '#core/orchestrator/retry-message.js';
import { type DynaliteTables, useDynalite } from '../../helpers/dynalite.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { examplePolicyParameters } from '../../helpers/policies.js';
import { sqsEvent } from '../../helpers/sqs-records.js';
import { type LogLine, withCapturedLogs } from './log-capture.js';

/** The retries queue both handlers are wired to. */
export const RETRIES_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/batch-retry-retries';
export const POLICY_PREFIX = '/batch-retry/policies/';
/** SSM parameter version every example policy is served with; decisions must record it. */
export const POLICY_VERSION = 3;

/** Module-level mocks: they stub each client class's prototype, so the handlers' clients use them. */
export const batchMock = mockClient(BatchClient);
export const sqsMock = mockClient(SQSClient);
export const ssmMock = mockClient(SSMClient);
export const snsMock = mockClient(SNSClient);

/** The alert topic both handlers publish to. */
export const ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:batch-retry-alerts';
export const eventsMock = mockClient(EventBridgeClient);
export const sfnMock = mockClient(SFNClient);

export {
  alertsPublished,
  childFinished,
  clock,
  lastSent,
  lastSubmitted,
  resubmitWhenDue,
} from './harness-steps.js';

import type { FunctionOptions, Functions, SentRetry } from './harness-types.js';

export { type AwsRequests, requestCount } from './harness-requests.js';
export type { FunctionOptions, Functions, SentRetry } from './harness-types.js';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** A handler's answer when every record of the batch was handled (no item to redeliver). */
export const noFailures: SQSBatchResponse = { batchItemFailures: [] };

/**
 * Cold-starts the handlers against a fresh ledger table on `db`: resets the AWS mocks (SSM
 * serves examples/policies/*.json, SubmitJob, SendMessage, PutEvents and SendTask* succeed, ListJobs
 * finds nothing), points the DynamoDB endpoint at dynalite through `AWS_ENDPOINT_URL_DYNAMODB`, sets
 * `LINEAGE_EVENT_BUS` to `options.eventBus` (unset: no lineage events), and imports the handler
 * modules anew, so module-scope wiring and the policy cache start empty in every test. Logs are at
 * INFO and captured (not printed) while a handler runs.
 */
async function startFunctions(db: DynaliteTables, options: FunctionOptions): Promise<Functions> {
  const tableName = await db.freshTable();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    LEDGER_TABLE: tableName,
    RETRIES_QUEUE_URL,
    POLICY_PREFIX,
    POLICY_CACHE_SECONDS: '60',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    ALERT_TOPIC_ARN,
  });
  if (options.eventBus === undefined) delete process.env.LINEAGE_EVENT_BUS;
  else process.env.LINEAGE_EVENT_BUS = options.eventBus;

  const sent: SentRetry[] = [];
  const timers: string[] = [];
  const published: PublishCommandInput[] = [];
  const submitted: { input: SubmitJobCommandInput; childJobId: string }[] = [];
  const logs: LogLine[] = [];
  const acceptSubmitJob = (input: SubmitJobCommandInput): SubmitJobCommandOutput => {
    const childJobId = `c41d0000-0000-4000-8000-${(submitted.length + 1).toString().padStart(12, '0')}`;
    submitted.push({ input, childJobId });
    return {
      jobId: childJobId,
      jobName: input.jobName,
      jobArn: `arn:aws:batch:us-east-1:123456789012:job/${childJobId}`,
      $metadata: {},
    };
  };
  const acceptSendMessage = (input: SendMessageCommandInput) => {
    const body = JSON.parse(input.MessageBody ?? 'null') as RetryMessage | { kind?: string };
    if ('kind' in body && body.kind === 'alert-digest') timers.push(input.MessageBody ?? '');
    else sent.push({ message: body as RetryMessage, delaySeconds: input.DelaySeconds });
    return { MessageId: `sent-${sent.length + timers.length}`, $metadata: {} };
  };
  const acceptSendMessageBatch = (input: SendMessageBatchCommandInput) => {
    const successful = (input.Entries ?? []).map((entry) => ({
      Id: entry.Id,
      MessageId: acceptSendMessage({
        QueueUrl: input.QueueUrl,
        MessageBody: entry.MessageBody,
        DelaySeconds: entry.DelaySeconds,
      }).MessageId,
      MD5OfMessageBody: '',
    }));
    return { Successful: successful, Failed: [], $metadata: {} };
  };

  batchMock.reset();
  sqsMock.reset();
  ssmMock.reset();
  snsMock.reset();
  snsMock.on(PublishCommand).callsFake((input: PublishCommandInput) => {
    published.push(input);
    return { MessageId: `published-${published.length}`, $metadata: {} };
  });
  eventsMock.reset();
  sfnMock.reset();
  eventsMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `event-${i}` })),
  }));
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  sfnMock.on(SendTaskFailureCommand).resolves({});
  ssmMock
    .on(GetParametersByPathCommand)
    .resolves({ Parameters: examplePolicyParameters(POLICY_PREFIX, POLICY_VERSION) });
  batchMock.on(SubmitJobCommand).callsFake(acceptSubmitJob);
  batchMock.on(ListJobsCommand).resolves({ jobSummaryList: [] });
  sqsMock.on(SendMessageCommand).callsFake(acceptSendMessage);
  sqsMock.on(SendMessageBatchCommand).callsFake(acceptSendMessageBatch);

  vi.resetModules();
  const decide: Handler = (await import('#functions/decide/handler.js')).handler;
  const resubmit: Handler = (await import('#functions/resubmit/handler.js')).handler;
  const awaitHandler = (await import('#functions/await/handler.js')).handler;
  const invoke = async (handler: Handler, name: string, records: SQSRecord[]) => {
    const { result, lines } = await withCapturedLogs(() =>
      handler(sqsEvent(...records), lambdaContext(name)),
    );
    logs.push(...lines);
    return result;
  };

  const rejectOnce = <I, O>(error: Error, accept: (input: I) => O) => {
    let pending = true;
    return async (input: I): Promise<O> => {
      if (!pending) return accept(input);
      pending = false;
      throw error;
    };
  };

  db.takeOperations();
  const seen = { batch: 0, sqs: 0, ssm: 0, sns: 0, events: 0, sfn: 0 };
  const newCalls = (mock: { calls(): { args: unknown[] }[] }, key: keyof typeof seen) => {
    const calls = mock.calls().slice(seen[key]);
    seen[key] += calls.length;
    return calls.map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));
  };
  return {
    takeRequests: () => ({
      dynamodb: db.takeOperations(),
      batch: newCalls(batchMock, 'batch'),
      sqs: newCalls(sqsMock, 'sqs'),
      ssm: newCalls(ssmMock, 'ssm'),
      sns: newCalls(snsMock, 'sns'),
      events: newCalls(eventsMock, 'events'),
      sfn: newCalls(sfnMock, 'sfn'),
    }),
    ledger: createDynamoDbLedger({ client: db.client, tableName }),
    sent,
    timers,
    published,
    submitted,
    logs,
    decide: (...records) => invoke(decide, 'batch-retry-decide', records),
    resubmit: (...records) => invoke(resubmit, 'batch-retry-resubmit', records),
    awaitTask: async (payload) => {
      const { result, lines } = await withCapturedLogs(() =>
        awaitHandler(payload, lambdaContext('batch-retry-await')).catch((error: unknown) => error),
      );
      logs.push(...lines);
      return result;
    },
    rejectNextSubmitJob: (error) => {
      batchMock.on(SubmitJobCommand).callsFake(rejectOnce(error, acceptSubmitJob));
    },
    rejectNextSendMessage: (error) => {
      sqsMock.on(SendMessageCommand).callsFake(rejectOnce(error, acceptSendMessage));
      sqsMock.on(SendMessageBatchCommand).callsFake(rejectOnce(error, acceptSendMessageBatch));
    },
    loseNextSubmitJobAnswer: () => {
      let pending = true;
      batchMock.on(SubmitJobCommand).callsFake((input: SubmitJobCommandInput) => {
        const output = acceptSubmitJob(input);
        if (!pending) return output;
        pending = false;
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      });
    },
  };
}

/**
 * Sets up the calling test file: dynalite for all its tests, and before each test both handlers
 * cold-started on a fresh ledger table (see startFunctions); after each test, spies are restored and
 * the real clock is back. Call once at the top of the file. The returned Functions always speak for
 * the test that is running.
 */
export function useFunctions(options: FunctionOptions = {}): Functions {
  const db = useDynalite('functions-ledger');
  let current: Functions | undefined;
  beforeEach(async () => {
    current = await startFunctions(db, options);
  });
  afterEach(() => {
    current = undefined;
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
  const started = (): Functions => {
    if (current === undefined) throw new Error('no test is running: use the functions inside a test');
    return current;
  };
  return {
    get ledger() {
      return started().ledger;
    },
    get sent() {
      return started().sent;
    },
    get timers() {
      return started().timers;
    },
    get published() {
      return started().published;
    },
    get submitted() {
      return started().submitted;
    },
    get logs() {
      return started().logs;
    },
    decide: (...records) => started().decide(...records),
    resubmit: (...records) => started().resubmit(...records),
    awaitTask: (payload) => started().awaitTask(payload),
    rejectNextSubmitJob: (error) => started().rejectNextSubmitJob(error),
    rejectNextSendMessage: (error) => started().rejectNextSendMessage(error),
    loseNextSubmitJobAnswer: () => started().loseNextSubmitJobAnswer(),
    takeRequests: () => started().takeRequests(),
  };
}
