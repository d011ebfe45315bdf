import { breakerQueueName } from '../breaker/breaker-scope.js';
import type { FailureClass } from '../classify/classes.js';
import type { NormalisedJob } from '../events/types.js';
import type { Alert } from '../ports/alert.js';
import type { BreakerSettings } from '../ports/breaker.js';
import { alertFingerprint } from './fingerprint.js';
import { utc } from './words.js';

/** Where to look first when failures of a class pile up on one queue. */
const WHAT_TO_CHECK: Readonly<Record<FailureClass, string>> = {
  infrastructure:
    'Spot capacity and reclaims for the instance types of the queue, and the compute environment ' +
    '(status, instance types, subnets) in the AWS Batch console',
  middleware:
    'the container image (does the tag still exist, can the execution role pull it) and the compute ' +
    'environment (networking, ENI limits, instance health)',
  resource: 'memory: the jobs run out of it; a recent change in input size, the job definition or the image',
  timeout: 'what the jobs wait on (a slow dependency, a database) and the job timeouts',
  application: 'a recent change to the image or its input; read the logs of the failing jobs',
  cancelled: 'who or what is cancelling or terminating jobs on the queue',
  dependency: 'the upstream jobs these jobs depend on',
  unknown: "the failed jobs' status reasons and logs; `batch-retry lineage <jobId>` shows what was recorded",
};

/**
 * The alert for a breaker that just opened: failures of one class piled up on one queue, so new
 * retries for that queue and class are parked until `openUntil`, then a few go first as probes. A
 * warning, not critical: nothing is lost, retries are only held back, and the breaker closes by itself.
 */
export function breakerOpenAlert(args: {
  /** The failure that opened the breaker. */
  readonly job: NormalisedJob;
  readonly failureClass: FailureClass;
  /** Failures counted in the window, this one included. */
  readonly count: number;
  readonly settings: BreakerSettings;
  /** Epoch ms until which the breaker is open. */
  readonly openUntil: number;
  readonly policyName: string;
  /** True when probes after a cooldown failed the same way and the breaker opened again. */
  readonly reopened?: boolean;
  /** Epoch ms. */
  readonly at: number;
}): Alert {
  const { job, failureClass, count, settings, openUntil, at } = args;
  const queue = breakerQueueName(job.jobQueue);
  const next =
    `Check ${WHAT_TO_CHECK[failureClass]}. If it clears, nothing needs doing: after the cooldown a few parked ` +
    'retries go first, and when they do not fail the same way the breaker closes and the rest follow.';
  const why = args.reopened
    ? `The probe retries sent after the cooldown failed the same way (${failureClass}), so batch-retry opened the breaker again`
    : `${count} Batch jobs on queue ${queue} failed with ${failureClass} failures within ${settings.windowSeconds} s ` +
      `(the breaker threshold of policy ${args.policyName} is ${settings.threshold}); the latest was ` +
      `${job.jobName} (${job.jobId}). batch-retry opened the breaker`;
  return {
    kind: 'BREAKER_OPEN',
    severity: 'warning',
    title: args.reopened
      ? `Retries still paused on queue ${queue}: probes failed with ${failureClass} failures`
      : `Retries paused on queue ${queue}: ${count} ${failureClass} failures within ${settings.windowSeconds} s`,
    summary:
      `${why}: new retries of ${failureClass} failures from ${queue} are parked until ${utc(openUntil)} ` +
      `(${settings.cooldownSeconds} s). Retries of other queues and classes are not affected. Next: ${next}`,
    next,
    decision: `retries parked until ${utc(openUntil)}`,
    fingerprint: alertFingerprint({ kind: 'BREAKER_OPEN', failureClass, jobQueue: job.jobQueue }),
    at,
    jobId: job.jobId,
    jobName: job.jobName,
    jobQueue: job.jobQueue,
    failureClass,
    policy: args.policyName,
    details: { count, ...settings, openUntil, reopened: args.reopened === true },
  };
}

/**
 * The alert for a breaker that closed: the probe retries sent after the cooldown did not fail the
 * same way, so the parked retries are being released, spread over `releaseSeconds`.
 */
export function breakerClosedAlert(args: {
  readonly jobQueue: string;
  readonly failureClass: FailureClass;
  /** Epoch ms when the breaker opened (its first opening in this episode). */
  readonly openedAt?: number;
  readonly releaseSeconds: number;
  readonly policyName?: string;
  readonly at: number;
}): Alert {
  const queue = breakerQueueName(args.jobQueue);
  const next = 'Nothing to do. If failures pile up again, the breaker opens again and says so.';
  const since = args.openedAt === undefined ? '' : ` (open since ${utc(args.openedAt)})`;
  return {
    kind: 'BREAKER_CLOSED',
    severity: 'info',
    title: `Retries resumed on queue ${queue}: ${args.failureClass} probes went through`,
    summary:
      `The breaker for ${args.failureClass} failures on queue ${queue}${since} is closed: the retries sent first ` +
      `after the cooldown did not fail the same way. The parked retries are being released over the next ` +
      `${args.releaseSeconds} s. ${next}`,
    next,
    decision: `parked retries released over ${args.releaseSeconds} s`,
    fingerprint: alertFingerprint({
      kind: 'BREAKER_CLOSED',
      failureClass: args.failureClass,
      jobQueue: args.jobQueue,
    }),
    at: args.at,
    jobQueue: args.jobQueue,
    failureClass: args.failureClass,
    ...(args.policyName === undefined ? {} : { policy: args.policyName }),
  };
}
