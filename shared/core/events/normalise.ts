import type { BatchJobDetail } from './schema.js';
import type { Attempt, AttemptSource, ContainerOutcome, NormalisedJob, Platform } from './types.js';

/** Envelope facts handed to {@link normaliseJob} when the detail came inside an EventBridge event. */
export interface EnvelopeFacts {
  readonly id: string;
  readonly time: string;
  readonly region: string;
  readonly account: string;
}

/** Tag key AWS Batch adds to every event's `tags` (the job's, or for an array child the parent's, ARN). */
const SYNTHETIC_TAG = 'resourceArn';

type RawContainer = {
  readonly name?: string | undefined;
  readonly exitCode?: number | undefined;
  readonly reason?: string | undefined;
  readonly logStreamName?: string | undefined;
};

type AttemptFacts = {
  readonly statusReason?: string | undefined;
  readonly startedAt?: number | undefined;
  readonly stoppedAt?: number | undefined;
};

/**
 * Turns a validated Batch job detail into the one internal job shape documented in `types.ts`.
 * Pure: it reads only its arguments. `received`, the detail with every field it arrived with, is
 * kept for faithful resubmission (default: `detail`).
 */
export function normaliseJob(
  detail: BatchJobDetail,
  received: BatchJobDetail = detail,
  envelope?: EnvelopeFacts,
): NormalisedJob {
  // Built by assignment rather than conditional spreads: this runs for every event (docs/performance.md).
  const job: Mutable<NormalisedJob> = {
    jobId: detail.jobId,
    jobName: detail.jobName,
    status: detail.status,
    jobQueue: detail.jobQueue,
    jobDefinition: detail.jobDefinition,
    platform: detectPlatform(detail),
    tags: userTags(detail.tags),
    attempts: gatherAttempts(detail),
    detail: received,
  };
  if (detail.jobArn !== undefined) job.jobArn = detail.jobArn;
  if (detail.statusReason !== undefined) job.statusReason = detail.statusReason;
  const array = arrayFacts(detail);
  if (array !== undefined) job.array = array;
  const node = nodeFacts(detail);
  if (node !== undefined) job.node = node;
  if (detail.createdAt !== undefined) job.createdAt = detail.createdAt;
  if (detail.startedAt !== undefined) job.startedAt = detail.startedAt;
  if (detail.stoppedAt !== undefined) job.stoppedAt = detail.stoppedAt;
  if (envelope !== undefined) job.event = envelope;
  return job;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function detectPlatform(detail: BatchJobDetail): Platform {
  if (detail.nodeProperties !== undefined || detail.nodeDetails !== undefined || /#\d+$/.test(detail.jobId)) {
    return 'MULTI_NODE';
  }
  if (detail.eksProperties !== undefined || (detail.eksAttempts?.length ?? 0) > 0) return 'EKS';
  if (detail.ecsProperties !== undefined) return 'ECS_MULTI_CONTAINER';
  const capabilities = detail.platformCapabilities ?? [];
  if (capabilities.includes('FARGATE')) return 'FARGATE';
  if (capabilities.includes('EC2')) return 'EC2';
  const containers = [detail.container, ...(detail.attempts ?? []).map((a) => a.container)];
  if (containers.some((c) => c?.containerInstanceArn !== undefined)) return 'EC2';
  // Only EC2 tasks have a container instance; a task that ran without one ran on Fargate.
  if (containers.some((c) => c?.taskArn !== undefined)) return 'FARGATE';
  return 'UNKNOWN';
}

function userTags(tags: BatchJobDetail['tags']): Readonly<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (key !== SYNTHETIC_TAG) result[key] = value;
  }
  return result;
}

function arrayFacts(detail: BatchJobDetail): NormalisedJob['array'] {
  const props = detail.arrayProperties;
  const childMatch = /^(.+):(\d+)$/.exec(detail.jobId);
  const index = props?.index ?? (childMatch?.[2] === undefined ? undefined : Number(childMatch[2]));
  if (index !== undefined) {
    const parentJobId = childMatch?.[1];
    return { isParent: false, index, ...(parentJobId === undefined ? {} : { parentJobId }) };
  }
  if (props === undefined) return undefined;
  return { isParent: true, ...(props.size === undefined ? {} : { size: props.size }) };
}

function nodeFacts(detail: BatchJobDetail): NormalisedJob['node'] {
  const nodeMatch = /#(\d+)$/.exec(detail.jobId);
  const index =
    detail.nodeDetails?.nodeIndex ?? (nodeMatch?.[1] === undefined ? undefined : Number(nodeMatch[1]));
  const mainNode = detail.nodeProperties?.mainNode;
  const isMainNode =
    detail.nodeDetails?.isMainNode ??
    (index !== undefined && mainNode !== undefined ? index === mainNode : undefined);
  const numNodes = detail.nodeProperties?.numNodes;
  if (index === undefined && numNodes === undefined && detail.nodeDetails === undefined) return undefined;
  return {
    ...(index === undefined ? {} : { index }),
    ...(isMainNode === undefined ? {} : { isMainNode }),
    ...(numNodes === undefined ? {} : { numNodes }),
  };
}

/**
 * Attempts, oldest first: `attempts[]` (single- or multi-container ECS), else `eksAttempts[]`, else
 * the containers of `eksProperties`, else the top-level `container` of events older than `attempts`.
 */
function gatherAttempts(detail: BatchJobDetail): Attempt[] {
  const ecs = detail.attempts ?? [];
  if (ecs.length > 0) {
    return ecs.map((a, index) => {
      const taskContainers = (a.taskProperties ?? []).flatMap((task) => task.containers ?? []);
      return taskContainers.length > 0
        ? buildAttempt(index, 'attempts.taskProperties', [], taskContainers, a)
        : buildAttempt(index, 'attempts.container', [], a.container === undefined ? [] : [a.container], a);
    });
  }
  const eks = detail.eksAttempts ?? [];
  if (eks.length > 0) {
    return eks.map((a, index) =>
      buildAttempt(index, 'eksAttempts', a.initContainers ?? [], a.containers ?? [], a),
    );
  }
  const pod = detail.eksProperties?.podProperties;
  const podInit = pod?.initContainers ?? [];
  const podMain = pod?.containers ?? [];
  if ([...podInit, ...podMain].some(hasOutcome)) {
    return [buildAttempt(0, 'eksAttempts', podInit, podMain, detail)];
  }
  const container = detail.container;
  // Events written before `attempts` existed carry the outcome only in `container`. An empty
  // `attempts: []` means no attempt started, so the fallback applies only when the field is absent.
  if (
    detail.attempts === undefined &&
    container !== undefined &&
    (hasOutcome(container) || detail.stoppedAt !== undefined)
  ) {
    return [buildAttempt(0, 'container', [], [container], detail)];
  }
  return [];
}

function hasOutcome(container: RawContainer): boolean {
  return container.exitCode !== undefined || container.reason !== undefined;
}

/** Container reasons that say the container finished normally (Kubernetes `Completed`) or nothing. */
const SUCCESS_REASON = /^\s*(Completed)?\s*$/i;

/**
 * Position in `[...init, ...main]` of the container whose outcome decides the attempt, chosen the
 * same way on every platform: the first container with a non-zero exit code, else the first with a
 * reason that is not a success reason, main containers before init containers in both steps (an EKS
 * init container runs first and reports exit 0, `Completed`: it decides nothing); else the first
 * main container (the first container when there is no main one).
 */
function decisiveIndex(init: readonly RawContainer[], main: readonly RawContainer[]): number {
  const ranked = [...main.map((c, i) => ({ c, at: init.length + i })), ...init.map((c, at) => ({ c, at }))];
  const failed = ranked.find(({ c }) => c.exitCode !== undefined && c.exitCode !== 0);
  if (failed !== undefined) return failed.at;
  const explained = ranked.find(({ c }) => c.reason !== undefined && !SUCCESS_REASON.test(c.reason));
  if (explained !== undefined) return explained.at;
  return main.length > 0 ? init.length : 0;
}

/** One attempt; its containers are kept in event order, init containers (EKS only) first. */
function buildAttempt(
  index: number,
  source: AttemptSource,
  init: readonly RawContainer[],
  main: readonly RawContainer[],
  facts: AttemptFacts,
): Attempt {
  const raw = init.length === 0 ? main : [...init, ...main];
  const decisiveAt = decisiveIndex(init, main);
  const containers = raw.map((c, i) => {
    const outcome: Mutable<ContainerOutcome> = { decisive: i === decisiveAt };
    if (c.name !== undefined) outcome.name = c.name;
    if (c.exitCode !== undefined) outcome.exitCode = c.exitCode;
    if (c.reason !== undefined) outcome.reason = c.reason;
    if (c.logStreamName !== undefined) outcome.logStreamName = c.logStreamName;
    return outcome;
  });
  const decisive = raw[decisiveAt];
  const attempt: Mutable<Attempt> = { index, source, containers };
  if (decisive?.exitCode !== undefined) attempt.exitCode = decisive.exitCode;
  if (decisive?.reason !== undefined) attempt.containerReason = decisive.reason;
  if (facts.statusReason !== undefined) attempt.statusReason = facts.statusReason;
  if (facts.startedAt !== undefined) attempt.startedAt = facts.startedAt;
  if (facts.stoppedAt !== undefined) attempt.stoppedAt = facts.stoppedAt;
  return attempt;
}
