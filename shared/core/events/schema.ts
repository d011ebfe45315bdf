import * as z from 'zod/mini';
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
  const id = z.string().check(z.maxLength(MAX_ID_CHARS));
  const reason = z.string().check(z.maxLength(MAX_REASON_CHARS));
  /** Epoch milliseconds. */
  const epochMs = z.number();

  const networkInterface = z.object({
    attachmentId: z.optional(id),
    privateIpv4Address: z.optional(id),
    ipv6Address: z.optional(id),
  });

  /** What a container of an attempt ended with: the fields both container shapes below share. */
  const containerOutcome = {
    exitCode: z.optional(z.number()),
    reason: z.optional(reason),
    logStreamName: z.optional(id),
    networkInterfaces: z.optional(z.array(networkInterface)),
  };

  /** `AttemptContainerDetail`: the runtime outcome of a single-container attempt. */
  const attemptContainer = z.object({
    containerInstanceArn: z.optional(id),
    taskArn: z.optional(id),
    ...containerOutcome,
  });

  /** `AttemptTaskContainerDetails`: one container of a multi-container (`ecsProperties`) attempt. */
  const attemptTaskContainer = z.object({ name: z.optional(id), ...containerOutcome });

  const attemptTaskProperties = z.object({
    containerInstanceArn: z.optional(id),
    taskArn: z.optional(id),
    containers: z.optional(z.array(attemptTaskContainer)),
  });

  /** `AttemptDetail`: one started attempt, oldest first in `attempts[]`. */
  const attempt = z.object({
    container: z.optional(attemptContainer),
    startedAt: z.optional(epochMs),
    stoppedAt: z.optional(epochMs),
    statusReason: z.optional(reason),
    taskProperties: z.optional(z.array(attemptTaskProperties)),
  });

  /** `ContainerDetail`: effective settings plus the runtime fields of the last attempt. */
  const container = z.extend(attemptContainer, {
    image: z.optional(z.string()),
    jobRoleArn: z.optional(id),
    executionRoleArn: z.optional(id),
  });

  const ecsTaskContainer = z.extend(attemptTaskContainer, { image: z.optional(z.string()) });

  const ecsProperties = z.object({
    taskProperties: z.optional(
      z.array(
        z.object({
          containerInstanceArn: z.optional(id),
          taskArn: z.optional(id),
          containers: z.optional(z.array(ecsTaskContainer)),
        }),
      ),
    ),
  });

  /** `EksAttemptContainerDetail` and the containers of `eksProperties.podProperties`. */
  const eksContainer = z.object({
    name: z.optional(id),
    containerID: z.optional(id),
    image: z.optional(z.string()),
    exitCode: z.optional(z.number()),
    reason: z.optional(reason),
  });

  const eksProperties = z.object({
    podProperties: z.optional(
      z.looseObject({
        podName: z.optional(id),
        nodeName: z.optional(id),
        containers: z.optional(z.array(eksContainer)),
        initContainers: z.optional(z.array(eksContainer)),
      }),
    ),
  });

  /** `EksAttemptDetail`: one attempt of an EKS job. */
  const eksAttempt = z.object({
    containers: z.optional(z.array(eksContainer)),
    initContainers: z.optional(z.array(eksContainer)),
    podName: z.optional(id),
    nodeName: z.optional(id),
    podNamespace: z.optional(id),
    eksClusterArn: z.optional(id),
    startedAt: z.optional(epochMs),
    stoppedAt: z.optional(epochMs),
    statusReason: z.optional(reason),
  });

  const nodeProperties = z.object({
    numNodes: z.optional(z.number()),
    mainNode: z.optional(z.number()),
    nodeRangeProperties: z.optional(z.array(z.object({ targetNodes: z.optional(id) }))),
  });

  const nodeDetails = z.object({
    nodeIndex: z.optional(z.number()),
    isMainNode: z.optional(z.boolean()),
  });

  const arrayProperties = z.object({
    statusSummary: z.optional(z.record(z.string(), z.number())),
    statusSummaryLastUpdatedAt: z.optional(epochMs),
    size: z.optional(z.number()),
    index: z.optional(z.number()),
  });

  const retryStrategy = z.object({
    attempts: z.optional(z.number()),
    evaluateOnExit: z.optional(
      z.array(
        z.object({
          onStatusReason: z.optional(reason),
          onReason: z.optional(reason),
          onExitCode: z.optional(id),
          action: z.optional(id),
        }),
      ),
    ),
  });

  /** The `detail` of a "Batch Job State Change" event, which "resembles" the DescribeJobs `JobDetail`. */
  const detail = z.object({
    jobId: id,
    jobName: id,
    jobQueue: id,
    status: z.enum(JOB_STATUSES),
    jobDefinition: id,
    jobArn: z.optional(id),
    statusReason: z.optional(reason),
    attempts: z.optional(z.array(attempt)),
    createdAt: z.optional(epochMs),
    startedAt: z.optional(epochMs),
    stoppedAt: z.optional(epochMs),
    retryStrategy: z.optional(retryStrategy),
    dependsOn: z.optional(z.array(z.object({ jobId: z.optional(id), type: z.optional(id) }))),
    parameters: z.optional(z.record(z.string(), z.string())),
    container: z.optional(container),
    nodeProperties: z.optional(nodeProperties),
    nodeDetails: z.optional(nodeDetails),
    arrayProperties: z.optional(arrayProperties),
    timeout: z.optional(z.object({ attemptDurationSeconds: z.optional(z.number()) })),
    tags: z.optional(
      z.record(z.string().check(z.maxLength(MAX_ID_CHARS)), z.string().check(z.maxLength(MAX_ID_CHARS))),
    ),
    propagateTags: z.optional(z.boolean()),
    platformCapabilities: z.optional(z.array(id)),
    eksProperties: z.optional(eksProperties),
    eksAttempts: z.optional(z.array(eksAttempt)),
    ecsProperties: z.optional(ecsProperties),
    schedulingPriority: z.optional(z.number()),
    shareIdentifier: z.optional(id),
    isCancelled: z.optional(z.boolean()),
    isTerminated: z.optional(z.boolean()),
    consumableResourceProperties: z.optional(z.object({})),
  });

  /** The EventBridge envelope. `detail-type` and `source` come first so their problems are reported first. */
  const event = z.object({
    'detail-type': z.literal(BATCH_JOB_STATE_CHANGE),
    source: z.literal(AWS_BATCH_SOURCE),
    version: z.optional(id),
    id: z.optional(id),
    account: z.optional(id),
    time: z.optional(id),
    region: z.optional(id),
    resources: z.optional(z.array(id)),
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
