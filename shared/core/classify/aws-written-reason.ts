import { isAwsJobReason } from './aws-reasons.js';
import { looksLikeAwsMessage } from './aws-style-message.js';
import { normaliseReason } from './normalise-reason.js';
import type { Rule } from './rule.js';

/**
 * The prefix ECS puts before a service task's stopped reason ("Service orders-api: ECS is performing
 * maintenance ..."). AWS's own text starts right after it.
 */
const SERVICE_PREFIX = /^Service [^:]{1,255}: /i;

/**
 * True when a job-level `statusReason` was written by AWS rather than given by a person or tool to
 * CancelJob/TerminateJob:
 * - it is one of AWS_JOB_REASONS;
 * - or a rule of `pack` recognises it with one of its reason patterns (`Rule.patterns`) where AWS
 *   writes such text: at its start (after a `Service <name>: ` prefix, if any). A code inside a
 *   sentence ("cancelled by platform: EC2 has returned InsufficientInstanceCapacity") is a person
 *   quoting AWS, so the sentence stays a cancel;
 * - or it reads like an AWS validation or error message no rule knows (aws-style-message.ts), so it
 *   is `unknown` rather than a cancel.
 *
 * The second test keeps the classifier safe when AWS_JOB_REASONS misses a form AWS writes (as it
 * once missed `Host EC2 (instance i-...) stopped.`): a text some platform rule knows is never read as
 * an operator's cancel, and the platform rules get to read it.
 */
export function isAwsWrittenReason(reason: string, pack: readonly Rule[]): boolean {
  if (isAwsJobReason(reason)) return true;
  const folded = normaliseReason(reason);
  if (folded === '') return false;
  const own = folded.replace(SERVICE_PREFIX, '');
  const knownAtStart = pack.some(
    (rule) => rule.patterns?.some((pattern) => pattern.regex.exec(own)?.index === 0) === true,
  );
  return knownAtStart || looksLikeAwsMessage(folded);
}
