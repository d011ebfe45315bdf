import { breakerQueueName } from '../breaker/breaker-scope.js';
import type { FailureClass } from '../classify/classes.js';
import type { NormalisedJob } from '../events/types.js';
import type { Alert } from '../ports/alert.js';
import type { BreakerSettings } from '../ports/breaker.js';
import { alertFingerprint } from './lineage-alerts.js';

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

/** An epoch-ms time as an ISO 8601 UTC string without milliseconds. */
function utc(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The alert for a breaker that just opened: failures of one class piled up on one queue, so new
 * retries for that queue and class wait until `openUntil`. A warning, not critical: nothing is lost,
 * retries are only held back, and the breaker closes by itself.
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
  /** Epoch ms. */
  readonly at: number;
}): Alert {
  const { job, failureClass, count, settings, openUntil, at } = args;
  const queue = breakerQueueName(job.jobQueue);
  return {
    kind: 'BREAKER_OPEN',
    severity: 'warning',
    title: `Retries paused on queue ${queue}: ${count} ${failureClass} failures within ${settings.windowSeconds} s`,
    summary:
      `${count} Batch jobs on queue ${queue} failed with ${failureClass} failures within ` +
      `${settings.windowSeconds} s (the breaker threshold of policy ${args.policyName} is ` +
      `${settings.threshold}); the latest was ${job.jobName} (${job.jobId}). batch-retry opened the ` +
      `breaker: new retries of ${failureClass} failures from ${queue} wait until ${utc(openUntil)} ` +
      `(${settings.cooldownSeconds} s). Retries already scheduled still run, and other queues and ` +
      `classes are not affected. Next: check ${WHAT_TO_CHECK[failureClass]}. If it clears, nothing ` +
      'needs doing: the breaker closes by itself and the held retries go ahead; if failures go on, it ' +
      'opens again and alerts again.',
    fingerprint: alertFingerprint('BREAKER_OPEN', job.jobQueue, failureClass),
    at,
    jobId: job.jobId,
    jobName: job.jobName,
    jobQueue: job.jobQueue,
    failureClass,
    policy: args.policyName,
    details: { count, ...settings, openUntil },
  };
}
