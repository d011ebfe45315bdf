import type { SubmitJobCommandInput } from '@aws-sdk/client-batch';
import { childEvent, jobEvent, shiftTimes, stoppedAt } from '../../test/integration/functions/job-events.js';
import type { BenchContext } from '../figure.js';
import type { AwsRequest } from './aws-stand-ins.js';
import type { HostMemory, Invocation } from './container.js';
import { FunctionRig, type PolicyDocument, SQS_BATCH_SIZE } from './function-rig.js';

/** Retried failures in the run, and the time between two SQS batches of them. */
const FAILURES = 1_000;
const CYCLE_MS = 600_000;
const QUEUE = 'spot-queue';

/**
 * A production-like policy for the Spot queue: the breaker on (its default: 20 failures in 300 s);
 * one batch of ten failures every 10 minutes stays under it, as a steady state does.
 */
const POLICY: PolicyDocument = {
  schemaVersion: 1,
  name: 'spot',
  match: { queues: [QUEUE] },
  rules: [{ onClass: 'infrastructure', action: 'RETRY' }],
  defaultAction: 'EXIT',
  backoff: { strategy: 'fixed', baseSeconds: 60, jitter: 'none' },
};

/** What 1,000 retried failures cost the functions, each failure retried once and its child succeeding. */
export interface Lifecycle {
  readonly failures: number;
  readonly decide: readonly Invocation[];
  readonly resubmit: readonly Invocation[];
  /** Every AWS request of the run, SSM's cold read included. */
  readonly requests: readonly AwsRequest[];
  readonly memory: { readonly decide: HostMemory; readonly resubmit: HostMemory };
  /** Each container's memory once its bundle was imported, before any event. */
  readonly memoryAtStart: { readonly decide: HostMemory; readonly resubmit: HostMemory };
  /** decide's memory after its first two batches: ten failures, then their children's successes. */
  readonly decideMemoryAfterFirst: HostMemory;
  /** Events decide handled (failures and the children's successes), messages resubmit handled. */
  readonly handled: { readonly decide: number; readonly resubmit: number };
  /** The backoff the policy chose, mean over the retries, in seconds. */
  readonly meanDelaySeconds: number;
}

async function run(context: BenchContext): Promise<Lifecycle> {
  const rig = await FunctionRig.start(context, [POLICY]);
  try {
    const memoryAtStart = { decide: await rig.decide.memory(), resubmit: await rig.resubmit.memory() };
    const decide: Invocation[] = [];
    const resubmit: Invocation[] = [];
    const delays: number[] = [];
    let decideMemoryAfterFirst: HostMemory | undefined;
    let now = Date.UTC(2026, 10, 20);
    for (let batch = 0; batch < FAILURES / SQS_BATCH_SIZE; batch++) {
      now += CYCLE_MS;
      const failures = Array.from({ length: SQS_BATCH_SIZE }, (_, i) => {
        const jobId = `f00d${String(batch).padStart(4, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const event = jobEvent('ec2-spot-host-terminated', { jobId, jobQueue: QUEUE });
        shiftTimes(event, now - 5_000 - (stoppedAt(event) - Number(event.detail.createdAt)));
        return event;
      });
      rig.now = now;
      decide.push(...(await rig.decideEvents(failures)));
      delays.push(...rig.aws.sent.map((m) => m.delaySeconds));
      resubmit.push(...(await rig.resubmitDue()));
      const successes = rig.aws.takeCreated().map((child) => {
        const submitted = {
          input: child.request as unknown as SubmitJobCommandInput,
          childJobId: child.jobId,
        };
        return childEvent('succeeded', submitted, rig.now);
      });
      rig.now = Math.max(...successes.map(stoppedAt)) + 5_000;
      decide.push(...(await rig.decideEvents(successes)));
      now = rig.now;
      decideMemoryAfterFirst ??= await rig.decide.memory();
    }
    return {
      failures: FAILURES,
      decide,
      resubmit,
      requests: rig.aws.takeRequests(),
      memory: { decide: await rig.decide.memory(), resubmit: await rig.resubmit.memory() },
      memoryAtStart,
      decideMemoryAfterFirst: decideMemoryAfterFirst ?? memoryAtStart.decide,
      handled: { decide: 2 * FAILURES, resubmit: FAILURES },
      meanDelaySeconds: delays.reduce((a, b) => a + b, 0) / delays.length,
    };
  } finally {
    await rig.stop();
  }
}

/**
 * The bundled functions through 1,000 Spot reclaims, each retried once and its child succeeding, in
 * SQS batches of ten every ten minutes (run once per bench run, shared by the memory and cost figures).
 */
export function lifecycle(context: BenchContext): Promise<Lifecycle> {
  return context.shared('lifecycle', () => run(context));
}
