export { AWS_JOB_REASONS, isAwsJobReason } from './aws-reasons.js';
export { isAwsWrittenReason } from './aws-written-reason.js';
export { FAILURE_CLASSES, type FailureClass, isFailureClass, type JobClass } from './classes.js';
export { type AttemptClassification, type Classification, classifyJob } from './classify-job.js';
export { RULE_PACK } from './pack.js';
export type {
  AttemptFacts,
  Evidence,
  EvidenceField,
  JobContext,
  Rule,
  RuleInput,
  RuleResult,
} from './rule.js';
