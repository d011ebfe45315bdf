import { isAwsWrittenReason } from '#core/classify/aws-written-reason.js';
import { RULE_PACK } from '#core/classify/pack.js';
import { ruleInput as buildInput } from '#core/classify/reason-texts.js';
import type { AttemptFacts, JobContext, RuleInput } from '#core/classify/rule.js';

/**
 * Builds the input of one rule: by default the last (only) attempt, index 0, of a FAILED EC2 job
 * that ran. `job.statusReasonIsAws` follows from `job.statusReason` as classifyJob works it out
 * (isAwsWrittenReason with the default pack) unless given.
 */
export function ruleInput(attempt: Partial<AttemptFacts> = {}, job: Partial<JobContext> = {}): RuleInput {
  const statusReason = job.statusReason;
  return buildInput(
    { index: 0, containers: [], isLast: true, ...attempt },
    {
      status: 'FAILED',
      ran: true,
      platform: 'EC2',
      isArrayParent: false,
      isNonMainNode: false,
      statusReasonIsAws: statusReason !== undefined && isAwsWrittenReason(statusReason, RULE_PACK),
      ...job,
    },
  );
}

/** The input of a job that never ran: no attempts, only its job-level reason. */
export function neverRan(statusReason: string | undefined, job: Partial<JobContext> = {}): RuleInput {
  const { job: context } = ruleInput(
    {},
    { ...(statusReason === undefined ? {} : { statusReason }), ran: false, ...job },
  );
  return buildInput({ containers: [], isLast: true }, context);
}
