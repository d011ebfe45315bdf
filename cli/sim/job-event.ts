import type { KeyValuePair } from '#core/ports/index.js';
import type { RecordedAttempt } from './run-record.js';
import type { SimulatedJob } from './simulated-job.js';

/** Everything a "Batch Job State Change" event shows of a job at one moment. */
export interface JobSnapshot extends SimulatedJob {
  readonly statusReason?: string;
  readonly attempts: readonly RecordedAttempt[];
  /** The attempt in progress (STARTING or RUNNING), if any. */
  readonly current?: {
    readonly taskArn: string;
    readonly containerInstanceArn?: string;
    readonly logStreamName?: string;
    readonly startedAt?: number;
  };
  readonly startedAt?: number;
  readonly stoppedAt?: number;
  readonly image: string;
  readonly command: readonly string[];
  readonly environment: readonly KeyValuePair[];
  readonly parameters: Readonly<Record<string, string>>;
  readonly propagateTags: boolean;
  readonly executionRoleArn: string;
}

/** Envelope facts of one emitted event. */
export interface EventEnvelope {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  /** Epoch ms; written with second precision as EventBridge does. */
  readonly time: number;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function attemptDetail(attempt: RecordedAttempt): Record<string, unknown> {
  const container = {
    ...(attempt.containerInstanceArn === undefined
      ? {}
      : { containerInstanceArn: attempt.containerInstanceArn }),
    taskArn: attempt.taskArn,
    ...(attempt.exitCode === undefined ? {} : { exitCode: attempt.exitCode }),
    ...(attempt.containerReason === undefined ? {} : { reason: attempt.containerReason }),
    ...(attempt.logStreamName === undefined ? {} : { logStreamName: attempt.logStreamName }),
    networkInterfaces: [],
  };
  return {
    container,
    ...(attempt.startedAt === undefined ? {} : { startedAt: attempt.startedAt }),
    stoppedAt: attempt.stoppedAt,
    statusReason: attempt.statusReason,
  };
}

function containerDetail(job: JobSnapshot): Record<string, unknown> {
  // Runtime fields describe the attempt in progress, else the last one (AWS mirrors the last attempt).
  const last = job.attempts.at(-1);
  const runtime = job.current ?? last;
  const stopped = job.current === undefined ? last : undefined;
  return {
    image: job.image,
    command: [...job.command],
    ...(job.platform === 'FARGATE' ? { executionRoleArn: job.executionRoleArn } : {}),
    volumes: [],
    environment: job.environment.map((e) => ({ name: e.name, value: e.value })),
    mountPoints: [],
    ulimits: [],
    ...(stopped?.exitCode === undefined ? {} : { exitCode: stopped.exitCode }),
    ...(stopped?.containerReason === undefined ? {} : { reason: stopped.containerReason }),
    ...(runtime?.containerInstanceArn === undefined
      ? {}
      : { containerInstanceArn: runtime.containerInstanceArn }),
    ...(runtime === undefined ? {} : { taskArn: runtime.taskArn }),
    ...(runtime?.logStreamName === undefined ? {} : { logStreamName: runtime.logStreamName }),
    networkInterfaces: [],
    resourceRequirements: [
      { value: String(job.vcpus), type: 'VCPU' },
      { value: String(job.memoryMiB), type: 'MEMORY' },
    ],
    secrets: [],
    ...(job.platform === 'FARGATE'
      ? {
          networkConfiguration: { assignPublicIp: 'DISABLED' },
          fargatePlatformConfiguration: { platformVersion: 'LATEST' },
        }
      : {}),
  };
}

/**
 * A "Batch Job State Change" EventBridge event for `job`, in the documented shape: the envelope
 * (`version` "0", `detail-type`, `source` "aws.batch", `resources` = [job ARN]) and a `detail` that
 * resembles DescribeJobs' JobDetail, including the fields observed on real events (`tags.resourceArn`,
 * `propagateTags`, `platformCapabilities`, `eksAttempts: []`).
 */
export function jobStateChangeEvent(job: JobSnapshot, envelope: EventEnvelope): Record<string, unknown> {
  const detail = {
    jobArn: job.jobArn,
    jobName: job.jobName,
    jobId: job.jobId,
    jobQueue: job.jobQueue,
    status: job.status,
    ...(job.statusReason === undefined ? {} : { statusReason: job.statusReason }),
    attempts: job.attempts.map(attemptDetail),
    createdAt: job.createdAt,
    ...(job.retryStrategy === undefined
      ? {}
      : {
          retryStrategy: {
            attempts: job.retryStrategy.attempts ?? 1,
            evaluateOnExit: (job.retryStrategy.evaluateOnExit ?? []).map((r) => ({ ...r })),
          },
        }),
    ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
    ...(job.stoppedAt === undefined ? {} : { stoppedAt: job.stoppedAt }),
    dependsOn: [],
    jobDefinition: job.jobDefinition,
    parameters: { ...job.parameters },
    container: containerDetail(job),
    ...(job.timeoutSeconds === undefined ? {} : { timeout: { attemptDurationSeconds: job.timeoutSeconds } }),
    tags: { ...job.tags, resourceArn: job.jobArn },
    propagateTags: job.propagateTags,
    platformCapabilities: [job.platform],
    eksAttempts: [],
  };
  return {
    version: '0',
    id: envelope.id,
    'detail-type': 'Batch Job State Change',
    source: 'aws.batch',
    account: envelope.account,
    time: isoSeconds(envelope.time),
    region: envelope.region,
    resources: [job.jobArn],
    detail,
  };
}
