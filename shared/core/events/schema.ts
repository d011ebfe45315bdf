import * as z from 'zod';

/**
 * Lenient zod schemas for the EventBridge "Batch Job State Change" event.
 *
 * Every object is a `z.looseObject`: fields AWS adds later pass through and are kept, because AWS
 * documents that "new fields may appear" in these events. Only the five fields every Batch job has
 * (`jobId`, `jobName`, `jobQueue`, `status`, `jobDefinition`) are required. Strings that are read are
 * capped so that a huge value is reported as a typed error naming the field instead of flowing on.
 * Shapes follow the Batch API reference (`JobDetail`, `AttemptDetail`, `EksAttemptDetail`, ...).
 */

/** Longest id, ARN, name or log stream accepted, in characters (1 KiB; AWS ARNs stay far below). */
export const MAX_ID_CHARS = 1024;
/** Longest reason accepted, in characters (16 KiB; AWS cuts container reasons at 255). */
export const MAX_REASON_CHARS = 16 * 1024;

/** The only `detail-type` this model accepts. */
export const BATCH_JOB_STATE_CHANGE = 'Batch Job State Change';
/** The only `source` this model accepts. */
export const AWS_BATCH_SOURCE = 'aws.batch';

/** The states AWS Batch reports, oldest first in a job's life. */
export const JOB_STATUSES = [
  'SUBMITTED',
  'PENDING',
  'RUNNABLE',
  'STARTING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
] as const;

const id = z.string().max(MAX_ID_CHARS);
const reason = z.string().max(MAX_REASON_CHARS);
/** Epoch milliseconds. */
const epochMs = z.number();

const networkInterface = z.looseObject({
  attachmentId: id.optional(),
  privateIpv4Address: id.optional(),
  ipv6Address: id.optional(),
});

/** `AttemptContainerDetail`: the runtime outcome of a single-container attempt. */
const attemptContainer = z.looseObject({
  containerInstanceArn: id.optional(),
  taskArn: id.optional(),
  exitCode: z.number().optional(),
  reason: reason.optional(),
  logStreamName: id.optional(),
  networkInterfaces: z.array(networkInterface).optional(),
});

/** `AttemptTaskContainerDetails`: one container of a multi-container (`ecsProperties`) attempt. */
const attemptTaskContainer = z.looseObject({
  name: id.optional(),
  exitCode: z.number().optional(),
  reason: reason.optional(),
  logStreamName: id.optional(),
  networkInterfaces: z.array(networkInterface).optional(),
});

const attemptTaskProperties = z.looseObject({
  containerInstanceArn: id.optional(),
  taskArn: id.optional(),
  containers: z.array(attemptTaskContainer).optional(),
});

/** `AttemptDetail`: one started attempt, oldest first in `attempts[]`. */
const attempt = z.looseObject({
  container: attemptContainer.optional(),
  startedAt: epochMs.optional(),
  stoppedAt: epochMs.optional(),
  statusReason: reason.optional(),
  taskProperties: z.array(attemptTaskProperties).optional(),
});

/** `ContainerDetail`: effective settings plus the runtime fields of the last attempt. */
const container = attemptContainer.extend({
  image: z.string().optional(),
  jobRoleArn: id.optional(),
  executionRoleArn: id.optional(),
});

const ecsTaskContainer = attemptTaskContainer.extend({ image: z.string().optional() });

const ecsProperties = z.looseObject({
  taskProperties: z
    .array(
      z.looseObject({
        containerInstanceArn: id.optional(),
        taskArn: id.optional(),
        containers: z.array(ecsTaskContainer).optional(),
      }),
    )
    .optional(),
});

/** `EksAttemptContainerDetail` and the containers of `eksProperties.podProperties`. */
const eksContainer = z.looseObject({
  name: id.optional(),
  containerID: id.optional(),
  image: z.string().optional(),
  exitCode: z.number().optional(),
  reason: reason.optional(),
});

const eksProperties = z.looseObject({
  podProperties: z
    .looseObject({
      podName: id.optional(),
      nodeName: id.optional(),
      containers: z.array(eksContainer).optional(),
      initContainers: z.array(eksContainer).optional(),
    })
    .optional(),
});

/** `EksAttemptDetail`: one attempt of an EKS job. */
const eksAttempt = z.looseObject({
  containers: z.array(eksContainer).optional(),
  initContainers: z.array(eksContainer).optional(),
  podName: id.optional(),
  nodeName: id.optional(),
  podNamespace: id.optional(),
  eksClusterArn: id.optional(),
  startedAt: epochMs.optional(),
  stoppedAt: epochMs.optional(),
  statusReason: reason.optional(),
});

const nodeProperties = z.looseObject({
  numNodes: z.number().optional(),
  mainNode: z.number().optional(),
  nodeRangeProperties: z.array(z.looseObject({ targetNodes: id.optional() })).optional(),
});

const nodeDetails = z.looseObject({
  nodeIndex: z.number().optional(),
  isMainNode: z.boolean().optional(),
});

const arrayProperties = z.looseObject({
  statusSummary: z.record(z.string(), z.number()).optional(),
  statusSummaryLastUpdatedAt: epochMs.optional(),
  size: z.number().optional(),
  index: z.number().optional(),
});

const retryStrategy = z.looseObject({
  attempts: z.number().optional(),
  evaluateOnExit: z
    .array(
      z.looseObject({
        onStatusReason: reason.optional(),
        onReason: reason.optional(),
        onExitCode: id.optional(),
        action: id.optional(),
      }),
    )
    .optional(),
});

/** The `detail` of a "Batch Job State Change" event, which "resembles" the DescribeJobs `JobDetail`. */
export const batchJobDetailSchema = z.looseObject({
  jobId: id,
  jobName: id,
  jobQueue: id,
  status: z.enum(JOB_STATUSES),
  jobDefinition: id,
  jobArn: id.optional(),
  statusReason: reason.optional(),
  attempts: z.array(attempt).optional(),
  createdAt: epochMs.optional(),
  startedAt: epochMs.optional(),
  stoppedAt: epochMs.optional(),
  retryStrategy: retryStrategy.optional(),
  dependsOn: z.array(z.looseObject({ jobId: id.optional(), type: id.optional() })).optional(),
  parameters: z.record(z.string(), z.string()).optional(),
  container: container.optional(),
  nodeProperties: nodeProperties.optional(),
  nodeDetails: nodeDetails.optional(),
  arrayProperties: arrayProperties.optional(),
  timeout: z.looseObject({ attemptDurationSeconds: z.number().optional() }).optional(),
  tags: z.record(z.string().max(MAX_ID_CHARS), z.string().max(MAX_ID_CHARS)).optional(),
  propagateTags: z.boolean().optional(),
  platformCapabilities: z.array(id).optional(),
  eksProperties: eksProperties.optional(),
  eksAttempts: z.array(eksAttempt).optional(),
  ecsProperties: ecsProperties.optional(),
  schedulingPriority: z.number().optional(),
  shareIdentifier: id.optional(),
  isCancelled: z.boolean().optional(),
  isTerminated: z.boolean().optional(),
  consumableResourceProperties: z.looseObject({}).optional(),
});

/** The EventBridge envelope. `detail-type` and `source` come first so their problems are reported first. */
export const batchJobStateChangeEventSchema = z.looseObject({
  'detail-type': z.literal(BATCH_JOB_STATE_CHANGE),
  source: z.literal(AWS_BATCH_SOURCE),
  version: id.optional(),
  id: id.optional(),
  account: id.optional(),
  time: id.optional(),
  region: id.optional(),
  resources: z.array(id).optional(),
  detail: batchJobDetailSchema,
});

/** A Batch job detail as received; unknown fields are kept. */
export type BatchJobDetail = z.infer<typeof batchJobDetailSchema>;
/** A whole "Batch Job State Change" event as received; unknown fields are kept. */
export type BatchJobStateChangeEvent = z.infer<typeof batchJobStateChangeEventSchema>;
