/**
 * Every port of the core: the interfaces the adapters implement (AWS in shared/adapters/aws, in-memory
 * in shared/adapters/memory). The core reaches the outside world only through these.
 */
export type {
  Alert,
  AlertChannel,
  AlertDelivery,
  AlertDigest,
  AlertKind,
  AlertPort,
  AlertSeverity,
} from './alert.js';
export type {
  AlertWindowPort,
  DigestClaim,
  Registration,
  WindowCount,
  WindowTotals,
} from './alert-windows.js';
export type {
  BatchPort,
  ConsumableResourceProperties,
  ContainerOverrides,
  EcsPropertiesOverride,
  EksContainerOverride,
  EksContainerResources,
  EksPropertiesOverride,
  EvaluateOnExit,
  FoundJob,
  KeyValuePair,
  NodeOverrides,
  NodePropertyOverride,
  ResourceRequirement,
  RetryStrategy,
  SubmitJobInput,
  SubmittedJob,
  TaskContainerOverrides,
} from './batch.js';
export type { BreakerCount, BreakerKey, BreakerPort, BreakerSettings } from './breaker.js';
export { type Clock, type Random, systemClock, systemRandom } from './clock.js';
export {
  type DelayedMessage,
  type DelayQueuePort,
  MAX_QUEUE_DELAY_SECONDS,
  sendOneByOne,
} from './delay-queue.js';
export type { FailedJobSummary, FailedJobsPage, JobListingPort } from './job-listing.js';
export type { JobLookupPort } from './jobs.js';
export type {
  ChildLink,
  ClaimResult,
  CloseResult,
  ExpectedLineage,
  LedgerPort,
  LineageSeed,
  RecordDecisionResult,
} from './ledger.js';
export type { LineageEventPort } from './lineage-events.js';
export { type LogPort, silentLog } from './log.js';
export type {
  LineagePage,
  LineageQuery,
  LineageSummary,
  OperatorLedgerPort,
  OperatorWriteResult,
} from './operator-ledger.js';
export type {
  PauseKey,
  PauseReader,
  PauseResult,
  PauseStore,
  ResumeResult,
  RetryPause,
} from './pauses.js';
export type { PolicySource } from './policy-source.js';
export type { SweepCursor, SweepCursorPort, SweepPosition } from './sweep-cursor.js';
export type { TaskAnswerOutcome, TaskTokenPort, Waiter, WaiterStore } from './waiters.js';
