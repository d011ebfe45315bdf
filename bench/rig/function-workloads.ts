import { toAlertMessage } from '#core/alerts/index.js';
import type { SweepReport } from '#core/reconcile/index.js';
import type { AwaitOutcome } from '#core/workflow/index.js';
import { type AwsStandIn, startAwsStandIn } from '../../test/helpers/aws-stand-in.js';
import { createLedgerTable, type RunningDynalite, startDynalite } from '../../test/helpers/dynalite.js';
import { examplePolicyParameters } from '../../test/helpers/policies.js';
import { reconcileSchedule } from '../../test/helpers/scheduled-event.js';
import { type SlackStandIn, startSlackStandIn } from '../../test/helpers/slack-stand-in.js';
import { GAVE_UP_ALERT, snsEvent } from '../../test/helpers/sns-alerts.js';
import { jobEvent, shiftTimes } from '../../test/integration/functions/job-events.js';
import type { BenchContext } from '../figure.js';
import { bundles, type FunctionName } from './bundles.js';
import { FunctionContainer, type HostMemory } from './container.js';
import { FUNCTION_MEMORY_MIB, lambdaEnvironment } from './function-rig.js';

/** Events each function handles in its workload. */
export const WORKLOAD_EVENTS = 1_000;
const TABLE = 'bench-workloads';
const POLICY_PREFIX = '/batch-retry/policies/';
const WEBHOOK_PARAMETER = '/batch-retry/slack-webhook';
const START = Date.UTC(2026, 10, 20);
/** The reconcile schedule's period and its settle time (the stack's defaults: 5 minutes each). */
const SWEEP_MS = 300_000;
const FAILURES_PER_SWEEP = 10;

/** One function's container through its workload: what it handled and its memory before and after. */
export interface Workload {
  /** What the container handled, in words (`1,000 failed jobs swept in 100 sweeps`). */
  readonly handled: string;
  readonly atStart: HostMemory;
  readonly after: HostMemory;
}

export type WorkloadFunction = Extract<FunctionName, 'reconcile' | 'await' | 'notify'>;

/** The local AWS of the workloads: dynalite for the ledger, the stand-ins for Batch, SQS, SSM and Slack. */
interface World {
  readonly dynamo: RunningDynalite;
  readonly aws: AwsStandIn;
  readonly slack: SlackStandIn;
}

const jobId = (prefix: string, n: number) =>
  `${prefix}${String(n).padStart(4, '0')}-0000-4000-8000-000000000000`;

/** A job's DescribeJobs detail: the fixture `fixture` as job `id` on the Spot queue, `tags` its own. */
function jobDetail(
  fixture: string,
  id: string,
  createdAt: number,
  tags: Record<string, string> = {},
): Record<string, unknown> {
  const event = jobEvent(fixture, { jobId: id, jobQueue: 'spot-queue', tags });
  shiftTimes(event, createdAt);
  const { resourceArn: _, ...own } = event.detail.tags as Record<string, string>;
  return { ...event.detail, tags: own };
}

/**
 * reconcile: a sweep every 5 minutes, each finding 10 failures that stopped since the last one and
 * that the ledger never saw (ListJobs, DescribeJobs, the ledger, the events queue), 100 sweeps.
 */
async function reconcile(container: FunctionContainer, { aws }: World): Promise<string> {
  await container.invoke<SweepReport>(reconcileSchedule(new Date(START).toISOString()), START); // the first sweep stores the cursor
  for (let sweep = 1; sweep <= WORKLOAD_EVENTS / FAILURES_PER_SWEEP; sweep++) {
    const now = START + sweep * SWEEP_MS;
    for (let i = 0; i < FAILURES_PER_SWEEP; i++) {
      const id = jobId('aec0', sweep * FAILURES_PER_SWEEP + i);
      const detail = jobDetail('ec2-spot-host-terminated', id, now - 3 * SWEEP_MS);
      aws.world.jobs.push({ ...detail, stoppedAt: now - SWEEP_MS - 1_000 * (i + 1) });
    }
    const { response } = await container.invoke<SweepReport>(
      reconcileSchedule(new Date(now).toISOString()),
      now,
    );
    if (response.sent !== FAILURES_PER_SWEEP) {
      throw new Error(`reconcile sweep ${sweep} re-fed ${response.sent} failures, not ${FAILURES_PER_SWEEP}`);
    }
  }
  return `${WORKLOAD_EVENTS.toLocaleString('en-US')} failed jobs in ${WORKLOAD_EVENTS / FAILURES_PER_SWEEP} sweeps`;
}

/** await: one state machine task per running job tagged `batch-retry:await`, each kept waiting. */
async function awaitTasks(container: FunctionContainer, { aws }: World): Promise<string> {
  for (let n = 0; n < WORKLOAD_EVENTS; n++) {
    const id = jobId('a4a1', n);
    const { stoppedAt: _, ...failed } = jobDetail('ec2-spot-host-terminated', id, START, {
      'batch-retry:await': 'step-functions',
    });
    aws.world.jobs.push({ ...failed, status: 'RUNNING' });
    const payload = { jobId: id, taskToken: `token-${n}` };
    const { response } = await container.invoke<AwaitOutcome>(payload, START + n * 1_000);
    if (response.outcome !== 'waiting') throw new Error(`await answered ${JSON.stringify(response)}`);
  }
  return `${WORKLOAD_EVENTS.toLocaleString('en-US')} tasks kept waiting`;
}

/** notify: one alert per SNS delivery, each posted to the Slack stand-in. */
async function notify(container: FunctionContainer, { slack }: World): Promise<string> {
  for (let n = 0; n < WORKLOAD_EVENTS; n++) {
    const at = START + n * 60_000;
    const alert = toAlertMessage({ ...GAVE_UP_ALERT, jobId: jobId('a1e7', n), at });
    await container.invoke<null>(snsEvent(JSON.stringify(alert)), at);
  }
  if (slack.received.length !== WORKLOAD_EVENTS) {
    throw new Error(`notify posted ${slack.received.length} of ${WORKLOAD_EVENTS} alerts to Slack`);
  }
  return `${WORKLOAD_EVENTS.toLocaleString('en-US')} alerts posted to Slack`;
}

const WORKLOADS: Readonly<
  Record<WorkloadFunction, (container: FunctionContainer, world: World) => Promise<string>>
> = {
  reconcile,
  await: awaitTasks,
  notify,
};

/** Each function's environment as the stack sets it, pointed at the local world. */
function environment(context: BenchContext, name: WorkloadFunction, { dynamo, aws }: World) {
  return {
    ...lambdaEnvironment(context, name),
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_BATCH: aws.endpoint,
    AWS_ENDPOINT_URL_SQS: aws.endpoint,
    AWS_ENDPOINT_URL_SSM: aws.endpoint,
    LEDGER_TABLE: TABLE,
    POLICY_PREFIX,
    EVENTS_QUEUE_URL: `${aws.endpoint}/123456789012/batch-retry-events`,
    JOB_QUEUES: 'spot-queue',
    SLACK_WEBHOOK_PARAMETER: WEBHOOK_PARAMETER,
    SLACK_WEBHOOK_HOSTS: '127.0.0.1',
  };
}

async function run(context: BenchContext): Promise<Record<WorkloadFunction, Workload>> {
  const built = await bundles(context);
  const slack = await startSlackStandIn();
  const dynamo = await startDynalite();
  const aws = await startAwsStandIn({
    parameters: [
      ...examplePolicyParameters(POLICY_PREFIX, 1),
      { Name: WEBHOOK_PARAMETER, Type: 'SecureString', Value: slack.url, Version: 1 },
    ],
    jobs: [],
  });
  const world = { dynamo, aws, slack };
  try {
    await createLedgerTable(dynamo.endpoint, TABLE);
    const results = {} as Record<WorkloadFunction, Workload>;
    for (const name of Object.keys(WORKLOADS) as WorkloadFunction[]) {
      const container = await FunctionContainer.start(
        built.host,
        built.functions[name],
        environment(context, name, world),
        FUNCTION_MEMORY_MIB,
      );
      try {
        const atStart = await container.memory();
        const handled = await WORKLOADS[name](container, world);
        results[name] = { handled, atStart, after: await container.memory() };
      } finally {
        await container.stop();
      }
    }
    return results;
  } finally {
    await Promise.all([aws.stop(), dynamo.stop(), slack.close()]);
  }
}

/**
 * The reconcile, await and notify bundles, each in its own container (Lambda's heap limits for
 * {@link FUNCTION_MEMORY_MIB}) through {@link WORKLOAD_EVENTS} events of its kind, against dynalite
 * and the local stand-ins (run once per bench run).
 */
export function functionWorkloads(context: BenchContext): Promise<Record<WorkloadFunction, Workload>> {
  return context.shared('workloads', () => run(context));
}
