import { anyOf } from './any-of.js';
import { normaliseReason } from './normalise-reason.js';

/**
 * The job-level `statusReason` strings AWS Batch writes itself. The set is closed and learnable;
 * whatever else a FAILED job carries at job level was given by a person or tool to CancelJob or
 * TerminateJob (it is free text, up to the caller). Sentences are anchored at both ends so that an
 * operator's "EC2 instance terminated for patching" is not mistaken for AWS's "EC2 instance terminated".
 *
 * Sources: Batch user guide (job states, job timeouts, array jobs, jobs stuck in RUNNABLE,
 * jobStateTimeLimitActions, state change events), ECS developer guide (stopped task error codes,
 * Fargate task maintenance, CannotPullContainer errors), and FAILED events quoted in public issues.
 */
export const AWS_JOB_REASONS: readonly RegExp[] = [
  // Batch, job level.
  /^Essential container in task exited\.?$/i,
  /^Job attempt duration exceeded timeout( of \d+ seconds)?\.?$/i,
  /^Dependent Job failed\.?$/i,
  /^Array Child Job failed\.?$/i,
  /^(Canceled|Cancelled|Terminated) by JobStateTimeLimit action due to reason: /i,
  /\b(by JobStateTimeLimit action|job queue state time limit)\b/i,
  /^(CAPACITY|MISCONFIGURATION|RESOURCE):[A-Z_]+/,
  /^UNDETERMINED\b/,
  // ECS task stop reasons Batch copies into the job and attempt. The ECS guide lists the host loss as
  // "Host EC2 (instance id) stopped/terminated": ECS writes "stopped." or "terminated." (the literal
  // "stopped/terminated" form is accepted too).
  /^Host EC2 \(instance [^)]*\) (stopped|terminated)(\/(stopped|terminated))?\b/i,
  /^Host EC2 (stopped|terminated)(\/(stopped|terminated))?\.?$/i,
  /^Container instance deregistration forced by user\.?$/i,
  /^EC2 instance( i-[0-9a-f]+)? terminated\.?$/i,
  /^Your Spot Task was interrupted\.?$/i,
  /^Task stopped by AWS\.?$/i,
  /^Task failed to start\.?$/i,
  /^ECS is performing maintenance on the underlying infrastructure hosting the task/i,
  /^Timeout waiting for (network interface|EphemeralStorage) provisioning to complete\.?$/i,
  /^Task failed (ELB|container) health checks/i,
  // ECS container error codes, when Batch surfaces them at job level ("<Code>: <detail>").
  /^(CannotPullContainerError|CannotPullECRContainerError|CannotStartContainerError|CannotCreateContainerError|CannotInspectContainerError|CannotStopContainerError|CannotCreateVolumeError|DockerTimeoutError|ContainerRuntimeError|ContainerRuntimeTimeoutError|ResourceInitializationError|CgroupError|InternalError|OutOfMemoryError|TaskFailedToStart|SpotInterruption)\b/i,
  // Kubernetes pod and container termination messages on Batch on EKS.
  /^(OOMKilled|DeadlineExceeded|Evicted|Error|ContainerCannotRun|ImagePullBackOff|ErrImagePull|NodeShutdown|Shutdown|Terminated)\.?$/i,
  /^Pod was terminated in response to imminent node shutdown/i,
  /^Node is shutting, evicting pods/i,
  /^Pod was active on the node longer than the specified deadline/i,
  /^(Pod )?The node (was low on resource|had condition)/i,
];

const ANY_AWS_JOB_REASON = anyOf(AWS_JOB_REASONS);

/** True when `reason` is a job-level status reason AWS writes itself (see AWS_JOB_REASONS). */
export function isAwsJobReason(reason: string): boolean {
  const folded = normaliseReason(reason);
  return ANY_AWS_JOB_REASON.test(folded) && AWS_JOB_REASONS.some((pattern) => pattern.test(folded));
}
