import { beforeEach } from 'vitest';
import { createDynamoDbLedger } from '#adapters/aws/dynamodb/ledger.js';
import { createDynamoDbOperatorLedger } from '#adapters/aws/dynamodb/operator-ledger.js';
import { createDynamoDbPauses } from '#adapters/aws/dynamodb/pauses.js';
import { createDynamoDbWaiters } from '#adapters/aws/dynamodb/waiters.js';
import {
  CollectingAlerts,
  InMemoryBreaker,
  InMemoryPolicySource,
  RecordingDelayQueue,
  RecordingLineageEvents,
  RecordingTaskTokens,
  SeededRandom,
  VirtualClock,
} from '#adapters/memory/index.js';
import type { NormalisedJob } from '#core/events/index.js';
import type { Lineage } from '#core/lineage/index.js';
import {
  type DecideDeps,
  handleJobEvent,
  handleRetryMessage,
  type ResubmitDeps,
  type RetryMessage,
} from '#core/orchestrator/index.js';
import type { JobLookupPort } from '#core/ports/index.js';
import { silentLog } from '#core/ports/index.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { useDynalite } from '../../helpers/dynalite.js';
import { FakeBatch } from '../../helpers/fake-batch.js';
import { loadedPolicy } from '../../helpers/policies.js';

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
 * One test's world: the real DynamoDB ledger, operator ledger, pauses and waiters on a fresh dynalite
 * table, and the orchestrator's use cases over them (in-memory retries queue, Batch, alerts, events
 * and Step Functions), at a virtual clock just after the fixtures' failures.
 */
async function makeWorld(tableName: string, client: import('@aws-sdk/client-dynamodb').DynamoDBClient) {
  const clock = new VirtualClock(0);
  const ledger = createDynamoDbLedger({ client, tableName });
  const operator = createDynamoDbOperatorLedger({ client, tableName });
  const pauses = createDynamoDbPauses({ client, tableName });
  const waiters = createDynamoDbWaiters({ client, tableName });
  const retries = new RecordingDelayQueue<RetryMessage>();
  const alerts = new CollectingAlerts();
  const events = new RecordingLineageEvents();
  const tasks = new RecordingTaskTokens();
  const batch = new FakeBatch(clock);
  const known = new Map<string, NormalisedJob>();
  const jobs: JobLookupPort = { describeJob: async (jobId) => known.get(jobId) };
  const workflow = { events, waiters: { store: waiters, tasks } };
  const decideDeps: DecideDeps = {
    ...workflow,
    ledger,
    breaker: new InMemoryBreaker(),
    retries,
    alerts,
    policies: new InMemoryPolicySource([POLICY]),
    clock,
    random: new SeededRandom(1),
    log: silentLog,
  };
  const resubmitDeps: ResubmitDeps = {
    ...workflow,
    ledger,
    batch,
    alerts,
    retries,
    clock,
    random: new SeededRandom(2),
    log: silentLog,
    pauses,
  };
  const world = {
    tableName,
    clock,
    ledger,
    operator,
    pauses,
    waiters,
    retries,
    alerts,
    events,
    tasks,
    batch,
    jobs,
    decideDeps,
    resubmitDeps,
    /** The operator deps of `retry`, `cancel-retry` and `lineage wait`. */
    operatorDeps: () => ({ ledger, operator, jobs, retries, clock, log: silentLog, ...workflow }),
    /** Batch's DescribeJobs knows `job` from now on. */
    batchKnows: (job: NormalisedJob) => known.set(job.jobId, job),
    /** The lineage as stored; fails the test when there is none. */
    lineage: async (rootJobId: string): Promise<Lineage> => {
      const found = await ledger.getLineage(rootJobId);
      if (found === undefined) throw new Error(`no lineage ${rootJobId}`);
      return found;
    },
    /** The root's application failure, given up on at once (EXIT). Batch still knows the job. */
    gaveUp: async () => {
      const job = fixtureJob('application-exit-1');
      world.batchKnows(job);
      clock.advanceTo(Math.max(clock.now(), (job.stoppedAt ?? 0) + 5_000));
      await handleJobEvent(job, decideDeps);
      return job;
    },
    /** The root's Spot reclaim: a retry scheduled 60 s later, not yet claimed. */
    scheduled: async () => {
      const job = fixtureJob('ec2-spot-host-terminated');
      world.batchKnows(job);
      clock.advanceTo(Math.max(clock.now(), (job.stoppedAt ?? 0) + 5_000));
      await handleJobEvent(job, decideDeps);
      return job;
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

export type OperateWorld = Awaited<ReturnType<typeof makeWorld>>;

/** A fresh world for each test of the calling file, on one dynalite server. */
export function useOperateWorld(): () => OperateWorld {
  const db = useDynalite('operate');
  let current: OperateWorld | undefined;
  beforeEach(async () => {
    current = await makeWorld(await db.freshTable(), db.client);
  });
  return () => {
    if (current === undefined) throw new Error('use the world inside a test');
    return current;
  };
}
