import { BatchClient, DescribeJobsCommand } from '@aws-sdk/client-batch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import type { LedgerPort } from '#core/ports/ledger.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { runCli } from '../../helpers/run-cli.js';
import { CHILD_JOB_ID, playGaveUpLineage, ROOT_JOB_ID } from '../../integration/ledger/ledger-fixtures.js';

const db = useDynalite('cli-ledger');
let table: string;
let ledger: LedgerPort;

const run = (...args: string[]) => runCli(args);

const local = () => ['--endpoint-url', db.endpoint, '--region', 'us-east-1'];

beforeAll(async () => {
  table = await db.freshTable();
  ledger = createDynamoDbLedger({ client: db.client, tableName: table });
  await playGaveUpLineage(ledger);
});

afterEach(() => {
  vi.unstubAllEnvs();
  batchMock.reset();
});

const batchMock = mockClient(BatchClient);

/** What DescribeJobs says about the child: its tags name its lineage. */
const childDetail = () => ({
  jobId: CHILD_JOB_ID,
  jobName: 'nightly-etl',
  jobQueue: 'spot-queue',
  jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/etl:3',
  status: 'FAILED' as const,
  startedAt: undefined,
  tags: { 'batch-retry:root-job-id': ROOT_JOB_ID, 'batch-retry:parent-job-id': ROOT_JOB_ID },
});

describe('batch-retry lineage', () => {
  it('prints the chain from the root job to the last child with class, evidence, decision and delay', async () => {
    const result = await run('lineage', ROOT_JOB_ID, '--table', table, ...local());

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Lineage of nightly-etl (root job ${ROOT_JOB_ID})`);
    expect(result.stdout).toContain(
      'Status: GAVE_UP at 2025-03-01T04:00:00Z, the orchestrator stopped retrying.',
    );
    expect(result.stdout).toContain(
      `1. Job ${ROOT_JOB_ID} (nightly-etl, queue spot-queue) failed: infrastructure`,
    );
    expect(result.stdout).toContain(
      'evidence: attempt 1, statusReason matched "Host EC2*terminated*": Host EC2 (instance i-0abc) terminated.',
    );
    expect(result.stdout).toContain('decision: RETRY after 60 s (due 2025-03-01T03:01:00Z) as attempt 2');
    expect(result.stdout).toContain(
      `child:    job ${CHILD_JOB_ID} submitted under the claim taken at 2025-03-01T03:01:00Z, known since 2025-03-01T04:00:00Z`,
    );
    expect(result.stdout).toContain(
      `2. Job ${CHILD_JOB_ID} (nightly-etl, queue spot-queue) failed: application`,
    );
    expect(result.stdout).toContain('decision: EXIT (no retry), decided 2025-03-01T04:00:00Z');
    expect(result.stdout).toContain('Next: the orchestrator will not retry this job again');
    expect(result.stderr).toBe('');
  });

  it('links each job of the lineage in the console of the region it reads', async () => {
    const result = await run('lineage', ROOT_JOB_ID, '--table', table, ...local());

    expect(result.stdout).toContain(
      `console:  https://us-east-1.console.aws.amazon.com/batch/home?region=us-east-1#jobs/detail/${encodeURIComponent(ROOT_JOB_ID)}`,
    );
    expect(result.stdout).toContain(
      `child console: https://us-east-1.console.aws.amazon.com/batch/home?region=us-east-1#jobs/detail/${encodeURIComponent(CHILD_JOB_ID)}`,
    );
  });

  it('finds the lineage from the id of a resubmitted child, through the root tag Batch reports for it', async () => {
    batchMock.on(DescribeJobsCommand, { jobs: [CHILD_JOB_ID] }).resolves({ jobs: [childDetail()] });

    const result = await run('lineage', CHILD_JOB_ID, '--table', table, ...local());

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Job ${CHILD_JOB_ID} was submitted as attempt 2 after job ${ROOT_JOB_ID} failed.`,
    );
  });

  it('prints the stored lineage as JSON with --json', async () => {
    batchMock.on(DescribeJobsCommand, { jobs: [CHILD_JOB_ID] }).resolves({ jobs: [childDetail()] });

    const result = await run('lineage', CHILD_JOB_ID, '--table', table, '--json', ...local());

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(await ledger.getLineage(ROOT_JOB_ID));
  });

  it('reads the table named by BATCH_RETRY_LEDGER_TABLE when --table is absent', async () => {
    vi.stubEnv('BATCH_RETRY_LEDGER_TABLE', table);

    const result = await run('lineage', ROOT_JOB_ID, ...local());

    expect(result.code).toBe(0);
  });

  it('exits 2 and says the job is not in the ledger when nobody recorded it', async () => {
    const result = await run('lineage', 'never-failed-job', '--table', table, ...local());

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^batch-retry lineage: job never-failed-job: is not in ledger table ${table}: the job has not failed`,
      ),
    );
  });

  it('exits 3 and names the table when AWS cannot read it', async () => {
    const result = await run('lineage', ROOT_JOB_ID, '--table', 'no-such-table', ...local());

    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^batch-retry lineage: DynamoDB table no-such-table: ResourceNotFoundException: /,
    );
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
