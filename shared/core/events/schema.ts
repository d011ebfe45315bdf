import * as z from 'zod';
import { builtOnFirstUse } from '../compiled-schema.js';

/**
 * Lenient zod schemas for the EventBridge "Batch Job State Change" event.
 *
 * Unknown fields never fail an event, because AWS documents that "new fields may appear" in these
 * events: the schemas check the fields this model reads and strip the rest from their output (zod's
 * fastest mode), while the parser keeps the event's own detail, every field included, for faithful
 * resubmission (parse.ts). Only the five fields every Batch job has
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

/**
 * Builds the schemas: {@link eventSchemas} calls this once, on first use, so that a process that
 * parses no event (a function on another path, most CLI commands) never builds them, and one that
 * does builds them when its first event arrives rather than at import (docs/performance.md).
 */
function buildEventSchemas() {
  const id = z.string().max(MAX_ID_CHARS);
  const reason = z.string().max(MAX_REASON_CHARS);
  /** Epoch milliseconds. */
  const epochMs = z.number();

  const networkInterface = z.object({
    attachmentId: id.optional(),
    privateIpv4Address: id.optional(),
    ipv6Address: id.optional(),
  });

  /** `AttemptContainerDetail`: the runtime outcome of a single-container attempt. */
  const attemptContainer = z.object({
    containerInstanceArn: id.optional(),
    taskArn: id.optional(),
    exitCode: z.number().optional(),
    reason: reason.optional(),
    logStreamName: id.optional(),
    networkInterfaces: z.array(networkInterface).optional(),
  });

  /** `AttemptTaskContainerDetails`: one container of a multi-container (`ecsProperties`) attempt. */
  const attemptTaskContainer = z.object({
    name: id.optional(),
    exitCode: z.number().optional(),
    reason: reason.optional(),
    logStreamName: id.optional(),
    networkInterfaces: z.array(networkInterface).optional(),
  });

  const attemptTaskProperties = z.object({
    containerInstanceArn: id.optional(),
    taskArn: id.optional(),
    containers: z.array(attemptTaskContainer).optional(),
  });

  /** `AttemptDetail`: one started attempt, oldest first in `attempts[]`. */
  const attempt = z.object({
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

  const ecsProperties = z.object({
    taskProperties: z
      .array(
        z.object({
          containerInstanceArn: id.optional(),
          taskArn: id.optional(),
          containers: z.array(ecsTaskContainer).optional(),
        }),
      )
      .optional(),
  });

  /** `EksAttemptContainerDetail` and the containers of `eksProperties.podProperties`. */
  const eksContainer = z.object({
    name: id.optional(),
    containerID: id.optional(),
    image: z.string().optional(),
    exitCode: z.number().optional(),
    reason: reason.optional(),
  });

  const eksProperties = z.object({
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
  const eksAttempt = z.object({
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

  const nodeProperties = z.object({
    numNodes: z.number().optional(),
    mainNode: z.number().optional(),
    nodeRangeProperties: z.array(z.object({ targetNodes: id.optional() })).optional(),
  });

  const nodeDetails = z.object({
    nodeIndex: z.number().optional(),
    isMainNode: z.boolean().optional(),
  });

  const arrayProperties = z.object({
    statusSummary: z.record(z.string(), z.number()).optional(),
    statusSummaryLastUpdatedAt: epochMs.optional(),
    size: z.number().optional(),
    index: z.number().optional(),
  });

  const retryStrategy = z.object({
    attempts: z.number().optional(),
    evaluateOnExit: z
      .array(
        z.object({
          onStatusReason: reason.optional(),
          onReason: reason.optional(),
          onExitCode: id.optional(),
          action: id.optional(),
        }),
      )
      .optional(),
  });

  /** The `detail` of a "Batch Job State Change" event, which "resembles" the DescribeJobs `JobDetail`. */
  const detail = z.object({
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
    dependsOn: z.array(z.object({ jobId: id.optional(), type: id.optional() })).optional(),
    parameters: z.record(z.string(), z.string()).optional(),
    container: container.optional(),
    nodeProperties: nodeProperties.optional(),
    nodeDetails: nodeDetails.optional(),
    arrayProperties: arrayProperties.optional(),
    timeout: z.object({ attemptDurationSeconds: z.number().optional() }).optional(),
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
    consumableResourceProperties: z.object({}).optional(),
  });

  /** The EventBridge envelope. `detail-type` and `source` come first so their problems are reported first. */
  const event = z.object({
    'detail-type': z.literal(BATCH_JOB_STATE_CHANGE),
    source: z.literal(AWS_BATCH_SOURCE),
    version: id.optional(),
    id: id.optional(),
    account: id.optional(),
    time: id.optional(),
    region: id.optional(),
    resources: z.array(id).optional(),
    detail,
  });
  return { detail, event };
}

/**
 * The event schemas, built on first use: `detail` for the `detail` of a "Batch Job State Change"
 * event (which "resembles" the DescribeJobs `JobDetail`), `event` for the whole EventBridge event,
 * `detail-type` and `source` first so that their problems are reported first.
 */
export const eventSchemas = builtOnFirstUse(buildEventSchemas);

type EventSchemas = ReturnType<typeof buildEventSchemas>;

/** A Batch job detail as received: the fields this model reads, checked, and any others AWS sent. */
export type BatchJobDetail = z.infer<EventSchemas['detail']> & { readonly [field: string]: unknown };
/** A whole "Batch Job State Change" event: the fields this model reads, checked. */
export type BatchJobStateChangeEvent = z.infer<EventSchemas['event']>;
