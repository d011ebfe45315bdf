import { isAwsJobReason } from './aws-reasons.js';
import { normaliseReason } from './normalise-reason.js';
import type { Rule } from './rule.js';

/**
 * True when a job-level `statusReason` was written by AWS rather than given by a person or tool to
 * CancelJob/TerminateJob: it is one of AWS_JOB_REASONS, or a rule of `pack` recognises it with one
 * of its reason patterns (`Rule.patterns`).
 *
 * The second test keeps the classifier safe when AWS_JOB_REASONS misses a form AWS writes (as it
 * once missed `Host EC2 (instance i-...) stopped.`): a text some platform rule knows is never read as
 * an operator's cancel, and the platform rules get to read it.
 */
export function isAwsWrittenReason(reason: string, pack: readonly Rule[]): boolean {
  if (isAwsJobReason(reason)) return true;
  const folded = normaliseReason(reason);
  if (folded === '') return false;
  return pack.some((rule) => rule.patterns?.some((pattern) => pattern.regex.test(folded)) === true);
}
