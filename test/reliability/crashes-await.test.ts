import { describe, expect, it } from 'vitest';
import { createDynamoDbWaiters } from '#adapters/aws/dynamodb/waiters.js';
import type { NormalisedJob } from '#core/events/types.js';
import type { JobLookupPort } from '#core/ports/jobs.js';
import { silentLog } from '#core/ports/log.js';
import type { TaskAnswerOutcome, TaskTokenPort } from '#core/ports/waiters.js';
import { AWAIT_TAG, type AwaitDeps, awaitLineage, type TaskAnswer } from '#core/workflow/index.js';
import { jobFromFixture } from '../fixtures/events/job-from-fixture.js';
import { useDynalite } from '../helpers/dynalite.js';
import { eventFor } from '../integration/guarantees/events.js';
import { Harness, InjectedCrash } from '../integration/guarantees/harness.js';
import { crashPointsOf, crashPolicies } from './crash-setup.js';
import { report, TIMEOUT_MS, totalLost } from './scale.js';

const ROOT = 'root-0000-await';
const TAGS = { [AWAIT_TAG]: 'step-functions' };
/** The wait step's Retry: 6 more invocations after the first (examples/step-functions/await-lineage.asl.json). */
const MAX_INVOCATIONS = 7;

/**
 * One `lambda:invoke.waitForTaskToken` task of Step Functions: each invocation of the await function
 * gets its own token; an invocation that fails ends its token (the state's Retry starts a new one),
 * unless the task was answered first. An ended token refuses answers, and so does the task once
 * answered, so it takes one answer at most.
 */
class WaitTask implements TaskTokenPort {
  readonly tokens: string[] = [];
  readonly #ended = new Set<string>();
  /** The one answer the task took. */
  taken: TaskAnswer | undefined;
  refused = 0;

  start(): string {
    const token = `token-${this.tokens.length + 1}`;
    this.tokens.push(token);
    return token;
  }

  /** The invocation of `token` failed before the task was answered: Step Functions drops the token. */
  fail(token: string): void {
    this.#ended.add(token);
  }

  async answer(taskToken: string, answer: TaskAnswer): Promise<TaskAnswerOutcome> {
    if (this.taken !== undefined || this.#ended.has(taskToken) || !this.tokens.includes(taskToken)) {
      this.refused += 1;
      return 'refused';
    }
    this.taken = answer;
    return 'sent';
  }
}

/** The root job as DescribeJobs shows it: running at first, failed once its Spot host is reclaimed. */
const rootJob = (status: 'RUNNING' | 'FAILED'): NormalisedJob =>
  jobFromFixture('ec2-spot-host-terminated', (detail) => {
    detail.jobId = ROOT;
    detail.status = status;
    detail.tags = { ...TAGS };
  });

const db = useDynalite('crash-await');

/** One run: the orchestrator answering waiters, Batch as DescribeJobs sees it, and one waiting task. */
interface World {
  readonly h: Harness;
  readonly task: WaitTask;
  /** What DescribeJobs answers for the root now. */
  batchSays: NormalisedJob;
  readonly deps: AwaitDeps;
}

async function world(): Promise<World> {
  const tableName = await db.freshTable();
  const h = new Harness(db.endpoint, tableName, crashPolicies());
  const task = new WaitTask();
  const store = createDynamoDbWaiters({ client: db.client, tableName });
  h.waiters = { store, tasks: task };
  const w: World = {
    h,
    task,
    batchSays: rootJob('RUNNING'),
    deps: {
      ledger: h.instrument('ledger', h.ledger),
      jobs: h.instrument<JobLookupPort>('jobs', {
        describeJob: async (jobId) => (jobId === ROOT ? w.batchSays : undefined),
      }),
      waiters: { store: h.instrument('waiters', store), tasks: h.instrument('tasks', task) },
      policies: h.policies,
      clock: { now: () => h.now },
      log: silentLog,
    },
  };
  return w;
}

/**
 * The wait step: invokes the await function, and again with a new token while it fails. Returns how
 * many invocations failed; when every one did, the task failed unanswered.
 */
async function waitStep({ h, task, deps }: World): Promise<number> {
  for (let invocation = 0; invocation < MAX_INVOCATIONS; invocation++) {
    const taskToken = task.start();
    try {
      await h.invoke(() => awaitLineage({ jobId: ROOT, taskToken }, deps));
      return invocation;
    } catch (error) {
      if (!(error instanceof InjectedCrash)) throw error;
      // Answered before the Lambda died: the task has ended, the failed invocation changes nothing.
      if (task.taken !== undefined) return invocation + 1;
      task.fail(taskToken);
    }
  }
  return MAX_INVOCATIONS;
}

/** The root fails (Spot reclaim), is retried once and the child succeeds, closing the lineage. */
async function recover(w: World): Promise<number> {
  w.batchSays = rootJob('FAILED');
  w.h.deliverEvent(eventFor('ec2-spot-host-terminated', { jobId: ROOT, at: w.h.now, tags: TAGS }));
  const failed = await w.h.drain();
  w.h.reportChildren('succeeded');
  return failed + (await w.h.drain());
}

/** One path of a Step Functions task waiting on the root's lineage. */
interface Scenario {
  readonly id: string;
  readonly name: string;
  /** Plays the path; returns how many invocations or deliveries failed. */
  run(w: World): Promise<number>;
}

const SCENARIOS: readonly Scenario[] = [
  {
    id: 'await-then-recovered',
    name: 'a task waiting on a running job whose lineage then recovers',
    run: async (w) => (await waitStep(w)) + (await recover(w)),
  },
  {
    id: 'await-after-recovered',
    name: 'a task that arrives after the lineage recovered, answered at once',
    run: async (w) => (await recover(w)) + (await waitStep(w)),
  },
];

/** The answer's status (RECOVERED, SUCCEEDED, ...) and kind; undefined when never answered. */
function answered(task: WaitTask): string | undefined {
  const answer = task.taken;
  if (answer === undefined) return undefined;
  const json = answer.kind === 'success' ? answer.output : answer.cause;
  return `${answer.kind} ${(JSON.parse(json) as { status?: string }).status}`;
}

async function crashEverywhere(scenario: Scenario) {
  const golden = await world();
  await scenario.run(golden);
  const lineage = await golden.h.ledger.getLineage(ROOT);
  // The crash-free run is the claim itself: the lineage recovered and the task heard so, once.
  expect(answered(golden.task)).toBe('success RECOVERED');
  expect(lineage?.status).toBe('RECOVERED');
  expect(golden.h.batch.jobs).toHaveLength(1);

  const points = crashPointsOf(golden.h.calls);
  const lost = {
    'tasks never answered': 0,
    'tasks answered otherwise than success RECOVERED': 0,
    'lineages ended otherwise': 0,
    'jobs submitted twice or never': 0,
  };
  let failed = 0;
  let refused = 0;
  for (const point of points) {
    const w = await world();
    w.h.injectCrash(point);
    failed += await scenario.run(w);
    refused += w.task.refused;
    const got = answered(w.task);
    if (got === undefined) lost['tasks never answered'] += 1;
    else if (got !== 'success RECOVERED') lost['tasks answered otherwise than success RECOVERED'] += 1;
    if ((await w.h.ledger.getLineage(ROOT))?.status !== lineage?.status)
      lost['lineages ended otherwise'] += 1;
    if (w.h.batch.jobs.length !== 1) lost['jobs submitted twice or never'] += 1;
  }
  const run = {
    key: `crashes.${scenario.id}`,
    check: `crashes, ${scenario.name}`,
    tried: {
      'step boundaries': golden.h.calls.length,
      'crashed runs': points.length,
      'answers refused by Step Functions (ended tokens, dropped)': refused,
    },
    lost,
  };
  report(run);
  expect(failed, 'every crash fails its invocation').toBeGreaterThanOrEqual(points.length);
  return run;
}

describe('a crash at every step boundary of await (and of decide answering the waiting task)', () => {
  it.each(SCENARIOS)(
    '$name: answered once with RECOVERED, never left waiting',
    async (scenario) => {
      expect(totalLost(await crashEverywhere(scenario))).toBe(0);
    },
    TIMEOUT_MS,
  );
});
