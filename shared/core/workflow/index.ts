/**
 * What workflow engines learn of a lineage: lineage events on EventBridge (their versioned detail),
 * Step Functions tasks that wait on a lineage (the `await` use case and their answers), and
 * `announce`, which tells both after the ledger records a change.
 */
export {
  type AnnounceDeps,
  type Announcement,
  announce,
  announceOrThrow,
  answerWaiters,
  type WaiterDeps,
} from './announce.js';
export {
  AWAIT_ERRORS,
  type AwaitDeps,
  type AwaitOutcome,
  AwaitRefusedError,
  type AwaitRequest,
  awaitLineage,
} from './await-lineage.js';
export { AWAIT_TAG, isAwaited } from './await-tag.js';
export {
  closedNews,
  detailTypeOf,
  firstRunSuccessNews,
  LINEAGE_DETAIL_TYPES,
  LINEAGE_EVENT_SCHEMA_VERSION,
  LINEAGE_EVENT_SOURCE,
  type LineageNews,
  type LineageNewsStatus,
  latestJobOf,
  resubmittedNews,
} from './lineage-news.js';
export { TASK_ERRORS, type TaskAnswer, taskAnswerOf } from './task-answer.js';
