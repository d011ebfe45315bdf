import { normaliseReason } from './normalise-reason.js';
import type { AttemptFacts, EvidenceField, JobContext, RuleInput } from './rule.js';

/** One reason-like text of an attempt, the field it came from, and its folded form (normaliseReason). */
export interface ReasonText {
  readonly field: Extract<EvidenceField, 'container.reason' | 'attempt.statusReason' | 'job.statusReason'>;
  readonly text: string;
  readonly folded: string;
}

/**
 * The input of every rule for one attempt, with its reason texts gathered and folded once (every
 * rule of the pack reads them).
 */
export function ruleInput(attempt: AttemptFacts, job: JobContext): RuleInput {
  return { attempt, job, texts: gatherTexts(attempt, job) };
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
function gatherTexts(attempt: AttemptFacts, job: JobContext): ReasonText[] {
  const texts: ReasonText[] = [];
  const containers = [...attempt.containers].sort((a, b) => Number(b.decisive) - Number(a.decisive));
  for (const container of containers) {
    if (hasText(container.reason)) texts.push(reasonText('container.reason', container.reason));
  }
  if (hasText(attempt.containerReason) && !texts.some((t) => t.text === attempt.containerReason)) {
    texts.unshift(reasonText('container.reason', attempt.containerReason));
  }
  const operatorText =
    hasText(job.statusReason) && !job.statusReasonIsAws ? normaliseReason(job.statusReason) : undefined;
  if (hasText(attempt.statusReason)) {
    const status = reasonText('attempt.statusReason', attempt.statusReason);
    if (status.folded !== operatorText) texts.push(status);
  }
  if (job.status === 'FAILED' && attempt.isLast && job.statusReasonIsAws && hasText(job.statusReason)) {
    texts.push(reasonText('job.statusReason', job.statusReason));
  }
  return texts;
}

function reasonText(field: ReasonText['field'], text: string): ReasonText {
  return { field, text, folded: normaliseReason(text) };
}

function hasText(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
