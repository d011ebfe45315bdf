import { beforeEach } from 'vitest';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import { createDynamoDbOperatorLedger } from '#adapters/aws/dynamodb/operator-ledger.js';
import { createDynamoDbPauses } from '#adapters/aws/dynamodb/pauses.js';
import type { NormalisedJob } from '#core/events/index.js';
import { handleJobEvent, handleRetryMessage, type ResubmitDeps } from '#core/orchestrator/index.js';
import type { JobLookupPort } from '#core/ports/index.js';
import { silentLog } from '#core/ports/index.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { orchestratorWorld } from '../../unit/orchestrator/orchestrator-world.js';

/** The root job of every lineage below (the ec2-spot-host-terminated and application-exit-1 fixtures' job). */
export const SPOT_ROOT = 'b5d735c5-521b-46c3-9a71-94ec885ffb05';
export const APP_ROOT = '319558c3-a3f9-4017-b57d-c82ed28380ee';

/** Retries a Spot reclaim once (after 60 s), gives up on anything else. */
const POLICY = loadedPolicy({
  name: 'default',
  rules: [{ onClass: 'infrastructure', action: 'RETRY' }],
  defaultAction: 'EXIT',
  budgets: { total: 2 },
  backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
});

/** The caller identities of two people racing. */
export const ALICE = 'arn:aws:sts::123456789012:assumed-role/oncall/alice';
export const BOB = 'arn:aws:sts::123456789012:assumed-role/oncall/bob';

/** A fixture job, as its event (or DescribeJobs) shows it. */
export function fixtureJob(fixture: string, edit?: (detail: Record<string, unknown>) => void): NormalisedJob {
  return jobFromFixture(fixture, edit);
}

/**
 * One test's world: the orchestrator's use cases (orchestratorWorld) over the real DynamoDB ledger on
 * a fresh dynalite table, with the operator ledger and the pauses on the same table, and a Batch
 * DescribeJobs that knows the jobs a test says it knows.
 */
function makeWorld(tableName: string, client: import('@aws-sdk/client-dynamodb').DynamoDBClient) {
  const ledger = createDynamoDbLedger({ client, tableName });
  const base = orchestratorWorld([POLICY], { ledger });
  const { clock, retries, decideDeps, events } = base;
  const operator = createDynamoDbOperatorLedger({ client, tableName });
  const pauses = createDynamoDbPauses({ client, tableName });
  const known = new Map<string, NormalisedJob>();
  const jobs: JobLookupPort = { describeJob: async (jobId) => known.get(jobId) };
  const resubmitDeps: ResubmitDeps = { ...base.resubmitDeps, pauses };
  const arrive = async (fixture: string) => {
    const job = fixtureJob(fixture);
    known.set(job.jobId, job);
    clock.advanceTo(Math.max(clock.now(), (job.stoppedAt ?? 0) + 5_000));
    await handleJobEvent(job, decideDeps);
    return job;
  };
  const world = {
    ...base,
    tableName,
    ledger,
    operator,
    pauses,
    jobs,
    resubmitDeps,
    /** The operator deps of `retry`, `cancel-retry` and `lineage wait`. */
    operatorDeps: () => ({
      ledger,
      operator,
      jobs,
      retries,
      clock,
      log: silentLog,
      events,
      waiters: { store: base.waiters, tasks: base.tasks },
    }),
    /** Batch's DescribeJobs knows `job` from now on. */
    batchKnows: (job: NormalisedJob) => known.set(job.jobId, job),
    /** The root's application failure, given up on at once (EXIT). Batch still knows the job. */
    gaveUp: () => arrive('application-exit-1'),
    /** The root's Spot reclaim: a retry scheduled 60 s later, not yet claimed. */
    scheduled: () => arrive('ec2-spot-host-terminated'),
    /** The Spot root's retry submitted as child-1 and known to the ledger (its first event came). */
    childRunning: async () => {
      await world.scheduled();
      await world.resubmitDue();
      await ledger.recordSubmission({
        rootJobId: SPOT_ROOT,
        failedJobId: SPOT_ROOT,
        claimToken: base.batch.jobs[0]?.tags['batch-retry:claim'] ?? '',
        childJobId: 'child-1',
        at: clock.now(),
      });
    },
    /** Delivers every retry message once due; returns the outcomes. */
    resubmitDue: async () => {
      const outcomes = [];
      for (const { message } of retries.drain()) {
        if (message.dueAt > clock.now()) clock.advanceTo(message.dueAt);
        outcomes.push(await handleRetryMessage(message, resubmitDeps));
      }
      return outcomes;
    },
  };
  return world;
}

export type OperateWorld = ReturnType<typeof makeWorld>;

/** A fresh world for each test of the calling file, on one dynalite server. */
export function useOperateWorld(): () => OperateWorld {
  const db = useDynalite('operate');
  let current: OperateWorld | undefined;
  beforeEach(async () => {
    current = makeWorld(await db.freshTable(), db.client);
  });
  return () => {
    if (current === undefined) throw new Error('use the world inside a test');
    return current;
  };
}
