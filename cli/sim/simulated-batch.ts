import type {
  BatchPort,
  FoundJob,
  KeyValuePair,
  Random,
  SubmitJobInput,
  SubmittedJob,
} from '#core/ports/index.js';
import { LINEAGE_TAG_KEYS } from '#core/submit/index.js';
import type { AttemptOutcome, OutcomeModel } from './attempt-outcome.js';
import { type AttemptFacts, attemptFacts } from './batch-reasons.js';
import { type BatchTiming, DEFAULT_BATCH_TIMING } from './batch-timing.js';
import { resolveJobDefinition, type SimulatedJobDefinition } from './job-definitions.js';
import { type JobSnapshot, jobStateChangeEvent } from './job-event.js';
import { nativeRetryAction } from './native-retry.js';
import { randomHex, randomInstanceId, randomUuid } from './random-ids.js';
import type { RecordedAttempt, RecordedJob, RunRecord } from './run-record.js';
import type { Scheduler } from './scheduler.js';
import type { SimulatedJob } from './simulated-job.js';
import { validateSubmitJob } from './submit-validation.js';

/** Receives every emitted event. An orchestrator is attached by passing its event handler here. */
export type EventSink = (event: unknown) => void | Promise<void>;

export interface SimulatedBatchOptions {
  readonly scheduler: Scheduler;
  /** Draws job ids, task ids, instance ids and event ids. */
  readonly random: Random;
  readonly outcomes: OutcomeModel;
  readonly jobDefinitions: readonly SimulatedJobDefinition[];
  readonly sinks?: readonly EventSink[];
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `123456789012`. */
  readonly account?: string;
  readonly timing?: Partial<BatchTiming>;
  /**
   * When a RUNNABLE job gets capacity, given the earliest time it could start (epoch ms: now plus
   * `runnableSeconds`). Default: at that earliest time (unlimited capacity). A capacity shortage
   * returns a later time, so the job stays RUNNABLE until then.
   */
  readonly capacity?: (job: SimulatedJob, earliest: number) => number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface CurrentAttempt {
  number: number;
  lineageNumber: number;
  outcome: AttemptOutcome;
  facts: AttemptFacts;
  taskArn: string;
  containerInstanceArn?: string;
  logStreamName?: string;
  startingAt: number;
  startedAt?: number;
}

type JobState = Omit<Mutable<JobSnapshot>, 'attempts' | 'current'> & {
  attempts: RecordedAttempt[];
  current?: CurrentAttempt;
  definitionName: string;
};

/**
 * A simulated AWS Batch on virtual time, implementing BatchPort. Every SubmitJob creates a job that
 * goes RUNNABLE -> STARTING -> RUNNING -> SUCCEEDED | FAILED (no event for SUBMITTED, as on AWS),
 * each transition emitted to the sinks as a real-shaped "Batch Job State Change" event. The outcome
 * of each attempt comes from the outcome model. A failed attempt is handled with Batch's native
 * `retryStrategy` semantics (see nativeRetryAction): RETRY re-queues at once (RUNNABLE, the failed
 * attempt already in `attempts[]`), otherwise the job FAILS. Sinks are awaited in order, so an
 * attached orchestrator runs inside the same virtual instant.
 */
export class SimulatedBatch implements BatchPort {
  private readonly scheduler: Scheduler;
  private readonly random: Random;
  private readonly outcomes: OutcomeModel;
  private readonly definitions: SimulatedJobDefinition[];
  private readonly sinks: EventSink[];
  private readonly region: string;
  private readonly account: string;
  private readonly timing: BatchTiming;
  private readonly capacity: ((job: SimulatedJob, earliest: number) => number) | undefined;
  private readonly jobs: JobState[] = [];
  private readonly lineageAttempts = new Map<string, number>();
  private readonly clusters = new Map<string, string>();
  private readonly startedAt: number;

  constructor(options: SimulatedBatchOptions) {
    this.scheduler = options.scheduler;
    this.random = options.random;
    this.outcomes = options.outcomes;
    this.definitions = [...options.jobDefinitions];
    this.sinks = [...(options.sinks ?? [])];
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
    this.timing = { ...DEFAULT_BATCH_TIMING, ...options.timing };
    this.capacity = options.capacity;
    this.startedAt = options.scheduler.clock.now();
  }

  /** Adds a sink: it receives every event emitted from now on, after the sinks added before it. */
  attach(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** The ARN Batch gives a queue of that name (or the ARN itself). */
  queueArn(queue: string): string {
    return queue.startsWith('arn:')
      ? queue
      : `arn:aws:batch:${this.region}:${this.account}:job-queue/${queue}`;
  }

  async submitJob(input: SubmitJobInput): Promise<SubmittedJob> {
    validateSubmitJob(input);
    const def = resolveJobDefinition(this.definitions, input.jobDefinition);
    const now = this.scheduler.clock.now();
    const jobId = randomUuid(this.random);
    const jobArn = `arn:aws:batch:${this.region}:${this.account}:job/${jobId}`;
    const jobQueue = this.queueArn(input.jobQueue);
    const overrides = input.containerOverrides;
    const memory = overrides?.resourceRequirements?.find((r) => r.type === 'MEMORY')?.value;
    const vcpus = overrides?.resourceRequirements?.find((r) => r.type === 'VCPU')?.value;
    const tags = { ...(input.tags ?? {}) };
    const parentJobId = tags[LINEAGE_TAG_KEYS.parentJobId];
    const retryStrategy = input.retryStrategy ?? def.retryStrategy;
    const timeoutSeconds = input.timeout?.attemptDurationSeconds ?? def.timeoutSeconds;
    const job: JobState = {
      jobId,
      jobArn,
      jobName: input.jobName,
      jobQueue,
      queueName: jobQueue.slice(jobQueue.lastIndexOf('/') + 1),
      jobDefinition: `arn:aws:batch:${this.region}:${this.account}:job-definition/${def.name}:${def.revision}`,
      definitionName: def.name,
      platform: def.platform,
      memoryMiB: memory === undefined ? def.memoryMiB : Number(memory),
      vcpus: vcpus === undefined ? def.vcpus : Number(vcpus),
      tags,
      ...(retryStrategy === undefined ? {} : { retryStrategy }),
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      rootJobId: tags[LINEAGE_TAG_KEYS.rootJobId] ?? jobId,
      ...(parentJobId === undefined ? {} : { parentJobId }),
      createdAt: now,
      status: 'SUBMITTED',
      attempts: [],
      image: def.image,
      command: overrides?.command ?? def.command,
      environment: mergeEnvironment(def.environment ?? [], overrides?.environment ?? []),
      parameters: { ...(def.parameters ?? {}), ...(input.parameters ?? {}) },
      propagateTags: input.propagateTags ?? false,
      executionRoleArn: `arn:aws:iam::${this.account}:role/BatchTaskExecutionRole`,
    };
    this.jobs.push(job);
    this.scheduler.after(this.timing.submittedSeconds * 1000, () => this.enterRunnable(job));
    return { jobId, jobName: job.jobName, jobArn };
  }

  async findJobsByName(query: {
    readonly jobQueue: string;
    readonly jobName: string;
    readonly createdAfter: number;
  }): Promise<readonly FoundJob[]> {
    const queue = this.queueArn(query.jobQueue);
    return this.jobs
      .filter((j) => j.jobQueue === queue && j.jobName === query.jobName && j.createdAt >= query.createdAfter)
      .map((j) => ({ jobId: j.jobId, jobName: j.jobName, createdAt: j.createdAt, tags: { ...j.tags } }));
  }

  /** Every job submitted so far, with its attempts, as a neutral run record. */
  record(): RunRecord {
    const jobs: RecordedJob[] = this.jobs.map((j) => ({
      jobId: j.jobId,
      jobArn: j.jobArn,
      jobName: j.jobName,
      jobQueue: j.jobQueue,
      queueName: j.queueName,
      jobDefinition: j.jobDefinition,
      platform: j.platform,
      memoryMiB: j.memoryMiB,
      vcpus: j.vcpus,
      tags: { ...j.tags },
      ...(j.retryStrategy === undefined ? {} : { retryStrategy: j.retryStrategy }),
      ...(j.timeoutSeconds === undefined ? {} : { timeoutSeconds: j.timeoutSeconds }),
      rootJobId: j.rootJobId,
      ...(j.parentJobId === undefined ? {} : { parentJobId: j.parentJobId }),
      createdAt: j.createdAt,
      status: j.status,
      ...(j.statusReason === undefined ? {} : { statusReason: j.statusReason }),
      ...(j.stoppedAt === undefined ? {} : { stoppedAt: j.stoppedAt }),
      attempts: [...j.attempts],
    }));
    return { jobs, startedAt: this.startedAt, endedAt: this.scheduler.clock.now() };
  }

  private async enterRunnable(job: JobState): Promise<void> {
    job.status = 'RUNNABLE';
    delete job.statusReason;
    await this.emit(job);
    const earliest = this.scheduler.clock.now() + this.timing.runnableSeconds * 1000;
    this.scheduler.at(this.capacity?.(job, earliest) ?? earliest, () => this.enterStarting(job));
  }

  private async enterStarting(job: JobState): Promise<void> {
    const lineageNumber = (this.lineageAttempts.get(job.rootJobId) ?? 0) + 1;
    this.lineageAttempts.set(job.rootJobId, lineageNumber);
    const number = job.attempts.length + 1;
    const startingAt = this.scheduler.clock.now();
    const timing = { startingAt, runningAt: startingAt + this.timing.startingSeconds * 1000 };
    const outcome = applyTimeout(this.outcomes(job, number, lineageNumber, timing), job.timeoutSeconds);
    const cluster = this.cluster(job.queueName);
    const instanceId = randomInstanceId(this.random);
    const facts = attemptFacts(outcome, { platform: job.platform, instanceId, image: job.image });
    const taskArn = `arn:aws:ecs:${this.region}:${this.account}:task/${cluster}/${randomHex(this.random, 32)}`;
    job.current = {
      number,
      lineageNumber,
      outcome,
      facts,
      taskArn,
      ...(job.platform === 'EC2'
        ? {
            containerInstanceArn: `arn:aws:ecs:${this.region}:${this.account}:container-instance/${cluster}/${randomHex(this.random, 32)}`,
          }
        : {}),
      startingAt,
    };
    job.status = 'STARTING';
    await this.emit(job);
    if (facts.reachedRunning) {
      this.scheduler.after(this.timing.startingSeconds * 1000, () => this.enterRunning(job));
    } else {
      this.scheduler.after(outcome.durationSeconds * 1000, () => this.stopAttempt(job));
    }
  }

  private async enterRunning(job: JobState): Promise<void> {
    const current = job.current as CurrentAttempt;
    const now = this.scheduler.clock.now();
    current.startedAt = now;
    current.logStreamName = `${job.definitionName}/default/${current.taskArn.slice(current.taskArn.lastIndexOf('/') + 1)}`;
    job.startedAt = now;
    job.status = 'RUNNING';
    await this.emit(job);
    this.scheduler.after(current.outcome.durationSeconds * 1000, () => this.stopAttempt(job));
  }

  private async stopAttempt(job: JobState): Promise<void> {
    const c = job.current as CurrentAttempt;
    const now = this.scheduler.clock.now();
    job.attempts.push({
      number: c.number,
      lineageNumber: c.lineageNumber,
      outcome: c.outcome.kind,
      succeeded: c.facts.succeeded,
      statusReason: c.facts.statusReason,
      ...(c.facts.exitCode === undefined ? {} : { exitCode: c.facts.exitCode }),
      ...(c.facts.containerReason === undefined ? {} : { containerReason: c.facts.containerReason }),
      taskArn: c.taskArn,
      ...(c.containerInstanceArn === undefined ? {} : { containerInstanceArn: c.containerInstanceArn }),
      ...(c.logStreamName === undefined ? {} : { logStreamName: c.logStreamName }),
      startingAt: c.startingAt,
      ...(c.startedAt === undefined ? {} : { startedAt: c.startedAt }),
      stoppedAt: now,
    });
    delete job.current;
    const retry =
      !c.facts.succeeded &&
      nativeRetryAction(
        job.retryStrategy,
        { ...c.facts, timedOut: c.outcome.kind === 'timeout' },
        job.attempts.length,
      ) === 'RETRY';
    if (retry) {
      await this.enterRunnable(job);
      return;
    }
    job.status = c.facts.succeeded ? 'SUCCEEDED' : 'FAILED';
    job.statusReason = c.facts.statusReason;
    job.stoppedAt = now;
    await this.emit(job);
  }

  private cluster(queueName: string): string {
    let cluster = this.clusters.get(queueName);
    if (cluster === undefined) {
      cluster = `AWSBatch-${queueName}-ce-${randomUuid(this.random)}`;
      this.clusters.set(queueName, cluster);
    }
    return cluster;
  }

  private async emit(job: JobState): Promise<void> {
    // The event id is drawn even with no sink attached, so attaching one never changes the job ids.
    const id = randomUuid(this.random);
    if (this.sinks.length === 0) return;
    const event = jobStateChangeEvent(job, {
      id,
      account: this.account,
      region: this.region,
      time: this.scheduler.clock.now(),
    });
    for (const sink of this.sinks) await sink(event);
  }
}

function applyTimeout(outcome: AttemptOutcome, timeoutSeconds: number | undefined): AttemptOutcome {
  if (timeoutSeconds === undefined || outcome.kind === 'image-pull-failure') return outcome;
  if (outcome.kind === 'timeout' || outcome.durationSeconds > timeoutSeconds) {
    return { kind: 'timeout', durationSeconds: timeoutSeconds };
  }
  return outcome;
}

function mergeEnvironment(base: readonly KeyValuePair[], overrides: readonly KeyValuePair[]): KeyValuePair[] {
  const names = new Set(overrides.map((e) => e.name));
  return [...base.filter((e) => !names.has(e.name)), ...overrides];
}
