import { normaliseReason } from './normalise-reason.js';
import type { EvidenceField, RuleInput } from './rule.js';

/** One reason-like text of an attempt and the field it came from. */
export interface ReasonText {
  readonly field: Extract<EvidenceField, 'container.reason' | 'attempt.statusReason' | 'job.statusReason'>;
  readonly text: string;
}

/**
 * The texts written by AWS (or the container runtime) that describe an attempt, most specific first:
 * every container reason (the decisive container first), the attempt's status reason, then the
 * job-level status reason.
 *
 * Free text an operator gave to CancelJob/TerminateJob is left out, so that words such as
 * "terminated" or "EC2" in it never look like a platform cause: the job-level reason only counts
 * when it is one AWS writes itself, on a FAILED job, for the attempt it mirrors; an attempt status
 * reason equal to the operator's job-level text is left out too.
 */
export function reasonTexts(input: RuleInput): ReasonText[] {
  const { attempt, job } = input;
  const texts: ReasonText[] = [];
  const containers = [...attempt.containers].sort((a, b) => Number(b.decisive) - Number(a.decisive));
  for (const container of containers) {
    if (hasText(container.reason)) texts.push({ field: 'container.reason', text: container.reason });
  }
  if (hasText(attempt.containerReason) && !texts.some((t) => t.text === attempt.containerReason)) {
    texts.unshift({ field: 'container.reason', text: attempt.containerReason });
  }
  const operatorText =
    hasText(job.statusReason) && !job.statusReasonIsAws ? normaliseReason(job.statusReason) : undefined;
  if (hasText(attempt.statusReason) && normaliseReason(attempt.statusReason) !== operatorText) {
    texts.push({ field: 'attempt.statusReason', text: attempt.statusReason });
  }
  if (job.status === 'FAILED' && attempt.isLast && job.statusReasonIsAws && hasText(job.statusReason)) {
    texts.push({ field: 'job.statusReason', text: job.statusReason });
  }
  return texts;
}

function hasText(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
