import { PassThrough } from 'node:stream';
import { BatchClient, DescribeJobsCommand } from '@aws-sdk/client-batch';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import type { LedgerPort } from '#core/ports/ledger.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { runCli } from '../../helpers/run-cli.js';
import { ROOT_JOB_ID, retryDecision, seed } from '../../integration/ledger/ledger-fixtures.js';

const db = useDynalite('cli-operate');
const stsMock = mockClient(STSClient);
const sqsMock = mockClient(SQSClient);
const batchMock = mockClient(BatchClient);
const eventsMock = mockClient(EventBridgeClient);
const snsMock = mockClient(SNSClient);

const ALICE = 'arn:aws:sts::123456789012:assumed-role/oncall/alice';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/batch-retry-retries';
let table: string;
let ledger: LedgerPort;

const local = () => ['--table', table, '--endpoint-url', db.endpoint, '--region', 'us-east-1'];
const run = (...args: string[]) => runCli([...args, ...local()]);
/** Standard input as a terminal on which the person types `answer`. */
const terminal = (answer: string) => Object.assign(new PassThrough().end(`${answer}\n`), { isTTY: true });

beforeEach(async () => {
  table = await db.freshTable();
  ledger = createDynamoDbLedger({ client: db.client, tableName: table });
  stsMock.on(GetCallerIdentityCommand).resolves({ Arn: ALICE, Account: '123456789012' });
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  batchMock.on(DescribeJobsCommand).resolves({ jobs: [] });
  eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  snsMock.on(PublishCommand).resolves({ MessageId: 'p-1' });
});

afterEach(() => {
  for (const mock of [stsMock, sqsMock, batchMock, eventsMock, snsMock]) mock.reset();
  vi.unstubAllEnvs();
});

/** A lineage opened a minute ago whose retry is scheduled, not yet claimed. */
async function scheduled(): Promise<void> {
  const now = Date.now() - 60_000;
  await ledger.recordDecision({
    seed: { ...seed(), createdAt: now - 60_000 },
    expected: { kind: 'new' },
    decision: retryDecision({ decidedAt: now, dueAt: now + 3_600_000 }),
    countsDelta: { infrastructure: 1 },
  });
}

/** A lineage opened a minute ago that gave up on its root job at once. */
async function gaveUp(): Promise<void> {
  const now = Date.now() - 60_000;
  await ledger.recordDecision({
    seed: { ...seed(), createdAt: now - 60_000 },
    expected: { kind: 'new' },
    decision: retryDecision({ decidedAt: now }),
    countsDelta: { infrastructure: 1 },
  });
  await ledger.closeLineage({ rootJobId: ROOT_JOB_ID, status: 'GAVE_UP', at: now + 1_000 });
}

describe('batch-retry lineage list', () => {
  it('prints the recent lineages as a table, and as JSON', async () => {
    await scheduled();

    const text = await run('lineage', 'list');
    const json = await run('lineage', 'list', '--status', 'open', '--json');

    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(
      /^OPENED \(UTC\) +STATUS +ATTEMPTS +QUEUE +JOB NAME +ROOT JOB ID +CLOSED \(UTC\)$/,
    );
    expect(text.stdout).toMatch(
      new RegExp(
        `OPEN +1 +spot-queue +nightly-etl +${ROOT_JOB_ID.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +-`,
      ),
    );
    expect(JSON.parse(json.stdout).lineages).toEqual([
      expect.objectContaining({ rootJobId: ROOT_JOB_ID, status: 'OPEN' }),
    ]);
  });

  it.each([
    [
      ['--since', 'yesterday'],
      '--since "yesterday": is not a duration; give a number and a unit: 90s, 30m, 24h or 7d',
    ],
    [
      ['--status', 'DONE'],
      '--status "DONE": is not a lineage status; use one of OPEN, RECOVERED, GAVE_UP, CANCELLED',
    ],
    [['--class', 'network'], '--class "network": is not a failure class'],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const result = await run('lineage', 'list', ...args);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`batch-retry lineage list: ${message}`);
  });
});

describe('batch-retry lineage wait', () => {
  it('exits 1 for a lineage that gave up, 124 when the timeout passes, 2 for a job nobody knows', async () => {
    await gaveUp();
    const gave = await run('lineage', 'wait', ROOT_JOB_ID);
    await ledger.recordDecision({
      seed: { ...seed(), rootJobId: 'open-root' },
      expected: { kind: 'new' },
      decision: retryDecision({ failedJobId: 'open-root', decidedAt: Date.now() }),
      countsDelta: {},
    });
    const timedOut = await run(
      'lineage',
      'wait',
      'open-root',
      '--timeout',
      '1s',
      '--interval',
      '1s',
      '--json',
    );
    const unknown = await run('lineage', 'wait', 'no-such-job');

    expect(gave.code).toBe(1);
    expect(gave.stdout).toMatch(/^GAVE_UP: batch-retry stopped retrying after 1 attempt\(s\)/);
    expect(timedOut.code).toBe(124);
    expect(JSON.parse(timedOut.stdout)).toEqual({
      outcome: 'timed-out',
      rootJobId: 'open-root',
      latestJobId: 'open-root',
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('job no-such-job is unknown to AWS Batch and to the batch-retry ledger');
  });
});

describe('batch-retry retry', () => {
  it('records the retry as the caller’s decision and hands it to the resubmit function', async () => {
    await gaveUp();

    const result = await run(
      'retry',
      ROOT_JOB_ID,
      '--yes',
      '--reason',
      'registry is back',
      '--retries-queue-url',
      QUEUE_URL,
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Recorded as ${ALICE}'s decision: job ${ROOT_JOB_ID} is retried now`);
    const body = JSON.parse(String(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody));
    expect(body).toMatchObject({ v: 2, rootJobId: ROOT_JOB_ID, failedJobId: ROOT_JOB_ID });
    expect((await ledger.getLineage(ROOT_JOB_ID))?.decisions[0]).toMatchObject({
      decidedBy: ALICE,
      reason: 'registry is back',
    });
  });

  it('asks on a terminal and changes nothing when the answer is no (exit 1)', async () => {
    await gaveUp();
    const before = await ledger.getLineage(ROOT_JOB_ID);

    const result = await runCli(
      ['retry', ROOT_JOB_ID, '--retries-queue-url', QUEUE_URL, ...local()],
      terminal('n'),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `batch-retry retry: about to retry job ${ROOT_JOB_ID} (nightly-etl) once more`,
    );
    expect(result.stderr).toContain(
      'Proceed? [y/N] batch-retry retry: confirmation: answered "n"; nothing was changed',
    );
    expect(await ledger.getLineage(ROOT_JOB_ID)).toEqual(before);
    expect(sqsMock.calls()).toHaveLength(0);
  });

  it('goes ahead on a terminal when the answer is yes', async () => {
    await gaveUp();

    const result = await runCli(
      ['retry', ROOT_JOB_ID, '--retries-queue-url', QUEUE_URL, ...local()],
      terminal('y'),
    );

    expect(result.code).toBe(0);
    expect((await ledger.getLineage(ROOT_JOB_ID))?.status).toBe('OPEN');
  });

  it.each([
    [['--retries-queue-url', QUEUE_URL], '--yes: needed to retry job'],
    [['--yes'], '--retries-queue-url: is needed to hand the retry to the resubmit function'],
  ])('refuses to run without %j, with exit 2 and nothing changed', async (args, message) => {
    await gaveUp();

    const result = await run('retry', ROOT_JOB_ID, ...args);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`batch-retry retry: ${message}`);
    expect((await ledger.getLineage(ROOT_JOB_ID))?.status).toBe('GAVE_UP');
  });
});

describe('batch-retry cancel-retry', () => {
  it('cancels the scheduled retry with who and why, publishes the lineage event, and refuses a second cancel', async () => {
    await scheduled();

    const first = await run(
      'cancel-retry',
      ROOT_JOB_ID,
      '--yes',
      '--reason',
      'bad input',
      '--event-bus',
      'ops',
    );
    const second = await run('cancel-retry', ROOT_JOB_ID, '--yes');

    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Lineage ${ROOT_JOB_ID} is CANCELLED by ${ALICE}`);
    expect(eventsMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]).toMatchObject({
      EventBusName: 'ops',
      Source: 'batch-retry',
      DetailType: 'Batch Retry Lineage Closed',
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`is already closed as CANCELLED by ${ALICE} at`);
  });

  it('says when no lineage event was published', async () => {
    await scheduled();

    const result = await run('cancel-retry', ROOT_JOB_ID, '--yes');

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'no lineage event was published (no --event-bus, no BATCH_RETRY_EVENT_BUS)',
    );
  });
});

describe('batch-retry pause and resume', () => {
  it('pauses a queue with an alert, refuses a second pause naming who, and resumes it', async () => {
    const paused = await run(
      'pause',
      '--queue',
      'spot-queue',
      '--until',
      '2h',
      '--reason',
      'CE broken',
      '--yes',
    );
    const again = await run('pause', '--queue', 'spot-queue', '--yes');
    const resumed = await run('resume', '--queue', 'spot-queue', '--yes');
    const notPaused = await run('resume', '--queue', 'spot-queue', '--yes');

    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(/^Retries to queue spot-queue are held until \d{4}-/);
    expect(paused.stderr).toContain(
      `batch-retry pause: alert RETRIES_PAUSED: Retries paused for queue spot-queue by ${ALICE}`,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`queue spot-queue is already paused by ${ALICE}`);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('alert RETRIES_RESUMED');
    expect(notPaused.code).toBe(2);
  });

  it('publishes the pause and the resume to the alert topic given, so the on-call channels hear of them', async () => {
    const topic = 'arn:aws:sns:us-east-1:123456789012:batch-retry-alerts';
    const paused = await run('pause', '--queue', 'spot-queue', '--alert-topic', topic, '--yes');
    vi.stubEnv('BATCH_RETRY_ALERT_TOPIC_ARN', topic);
    const resumed = await run('resume', '--queue', 'spot-queue', '--yes');

    expect([paused.code, resumed.code]).toEqual([0, 0]);
    const published = snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(published.map((input) => [input.TopicArn, input.MessageAttributes?.kind?.StringValue])).toEqual([
      [topic, 'RETRIES_PAUSED'],
      [topic, 'RETRIES_RESUMED'],
    ]);
    expect(published[0]?.Subject).toMatch(
      /^\[warning\] Retries paused for queue spot-queue by arn:aws:sts::/,
    );
  });

  it('refuses an --until that is neither a duration nor a time, before asking anything of AWS', async () => {
    const result = await run('pause', '--queue', 'spot-queue', '--until', 'tomorrow', '--yes');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--until "tomorrow": is neither a duration from now (2h, 1d) nor an ISO-8601 time',
    );
    expect(stsMock.calls()).toHaveLength(0);
  });
});
