/**
 * The failure classifier: one pure rule per file (`rules/`), an ordered rule pack, and `classifyJob`,
 * which gives every attempt of a job exactly one class with the evidence that decided it.
 * To add a rule: write `rules/<name>.ts` with its test, then place it in `pack.ts`.
 */
export { AWS_JOB_REASONS, isAwsJobReason } from './aws-reasons.js';
export { isAwsWrittenReason } from './aws-written-reason.js';
export { CAUSE_NAMES, type CauseInfo, causeFields, FAILURE_CAUSES, type FailureCause } from './causes.js';
export { FAILURE_CLASSES, type FailureClass, isFailureClass, type JobClass } from './classes.js';
export { type AttemptClassification, type Classification, classifyJob } from './classify-job.js';
export { RULE_PACK } from './pack.js';
export type {
  AttemptFacts,
  Evidence,
  EvidenceField,
  FailureEvidence,
  JobContext,
  Rule,
  RuleInput,
  RuleResult,
} from './rule.js';
