/**
 * The event model: lenient zod schemas for "Batch Job State Change" events, parsing from raw events and
 * SQS records, normalisation of every platform (EC2, Fargate, multi-container ECS, EKS, multi-node)
 * into one `NormalisedJob`, and a streaming reader for text holding many events.
 */
export { describeIssues, describeValue, type FieldProblem, formatPath, valueAt } from './describe-issue.js';
export { EventParseError } from './errors.js';
export { JsonValueScanner, MAX_VALUE_CHARS, type ScannedItem } from './json-value-scanner.js';
export { type EnvelopeFacts, normaliseJob } from './normalise.js';
export { MAX_ANY_STRING_CHARS, parseEvent, parseEventJson, parseSqsRecord } from './parse.js';
export { type EventReadResult, readEvents } from './read-events.js';
export {
  AWS_BATCH_SOURCE,
  BATCH_JOB_STATE_CHANGE,
  type BatchJobDetail,
  type BatchJobStateChangeEvent,
  JOB_STATUSES,
  MAX_ID_CHARS,
  MAX_REASON_CHARS,
} from './schema.js';
export type {
  Attempt,
  AttemptSource,
  ContainerOutcome,
  JobStatus,
  NormalisedJob,
  Platform,
} from './types.js';
