import type { NormalisedJob } from '../events/types.js';
import type { KeyValuePair, RetryStrategy, SubmitJobInput } from '../ports/batch.js';
import { consumableResourcesOverride } from './consumable-resources.js';
import { multiContainerOverrides, singleContainerOverrides } from './ecs-overrides.js';
import { eksOverrides } from './eks-overrides.js';
import { RESERVED_VARIABLE_PREFIX } from './environment.js';
import { ResubmissionError } from './errors.js';
import {
  LINEAGE_LABEL_KEYS,
  type Lineage,
  lineageLabels,
  lineageTags,
  MAX_TAG_VALUE_CHARS,
  resubmissionTags,
} from './lineage-tags.js';
import { nodeOverrides } from './node-overrides.js';
import type { Escalation, OverrideContext } from './override-context.js';
import { type ResubmittableDetail, readResubmittableDetail } from './resubmittable-detail.js';

/** How to resubmit, as the decision worked it out. */
export interface ResubmissionOptions {
  readonly lineage: Lineage;
  /** Queue to submit to instead of the failed job's (a policy fallback); default: the same queue. */
  readonly jobQueue?: string;
  /** Escalated resources, already capped by the caller; default: the failed job's resources. */
  readonly resources?: Escalation;
  /**
   * Environment variable that receives an array child's index when the child is resubmitted as a
   * single job (Batch owns `AWS_BATCH_JOB_ARRAY_INDEX`). Without it an array child is refused.
   */
  readonly arrayIndexVariable?: string;
}

/** The SubmitJob request, and what was dropped or changed on the way, one sentence per note. */
export interface ResubmissionRequest {
  readonly request: SubmitJobInput;
  readonly notes: readonly string[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Builds the SubmitJob request that reruns a failed job faithfully: the same job name, job
 * definition ARN (with its revision), queue (unless `options.jobQueue`), parameters, tags (see
 * `resubmissionTags`) plus lineage tags, `propagateTags`, `timeout`, `retryStrategy`,
 * `shareIdentifier` and `schedulingPriorityOverride` (only when the queue stays the same: they belong
 * to the old queue's fair-share policy), and overrides for what SubmitJob can override:
 * `nodeOverrides` (multi-node), else `ecsPropertiesOverride` (multi-container ECS), else
 * `eksPropertiesOverride` (EKS), else `containerOverrides` (EC2, Fargate). `dependsOn` is dropped:
 * the dependencies already ran, and a failed one would fail the new job at once.
 *
 * A multi-node parallel job is rebuilt from its own event (job id without `#`, with `nodeProperties`);
 * its node jobs (`UUID#n`, the main node included) are never resubmitted.
 *
 * Pure. Throws a permanent `ResubmissionError` for an array parent, a node job of a multi-node job, an
 * array child without `options.arrayIndexVariable`, unusable options, or an unreadable detail.
 * An array child with the variable becomes a single job (no `arrayProperties`) whose containers all
 * receive `<arrayIndexVariable>=<index>`.
 */
export function buildSubmitRequest(job: NormalisedJob, options: ResubmissionOptions): ResubmissionRequest {
  const indexVariable = checkResubmittable(job, options.arrayIndexVariable);
  checkLineage(job, options.lineage);
  const detail = readResubmittableDetail(job);
  const notes: string[] = [];
  const escalationTarget = job.attempts.at(-1)?.containers.find((c) => c.decisive)?.name;
  const context: OverrideContext = {
    notes,
    state: { escalated: false },
    ...(options.resources === undefined ? {} : { escalation: options.resources }),
    ...(escalationTarget === undefined ? {} : { escalationTarget }),
    ...(indexVariable === undefined ? {} : { indexVariable }),
  };
  const jobQueue = options.jobQueue ?? job.jobQueue;
  const movedQueue = jobQueue !== job.jobQueue;
  if (movedQueue) {
    notes.push(`queue: moved from ${job.jobQueue} to ${jobQueue} by the policy`);
  }
  const fairShare = fairShareOf(detail);
  if (movedQueue && Object.keys(fairShare).length > 0) {
    const dropped = Object.entries(fairShare).map(([field, value]) => `${field} ${JSON.stringify(value)}`);
    notes.push(
      `fair share: dropped ${dropped.join(' and ')}, set for ${job.jobQueue}; the job definition's ` +
        `defaults apply on ${jobQueue} (SubmitJob refuses a shareIdentifier on a queue without a fair-share ` +
        'scheduling policy and requires one on a queue with one)',
    );
  }
  if (indexVariable !== undefined) {
    notes.push(
      `array: child ${indexVariable.value} of ${job.array?.parentJobId ?? 'its array job'} resubmitted as a single ` +
        `job; its index is in ${indexVariable.name}`,
    );
  }
  if ((detail.dependsOn ?? []).length > 0) {
    const ids = (detail.dependsOn ?? []).map((d) => d.jobId ?? '?').join(', ');
    notes.push(
      `dependsOn: dropped ${ids} (the dependencies already ran; a failed one would fail the new job)`,
    );
  }
  const overrides = withLineageLabels(platformOverrides(detail, context), options.lineage);
  if (options.resources !== undefined && !context.state.escalated) {
    notes.push('resources: escalation not applied, the event shows no container to apply it to');
  }
  const consumable = consumableResourcesOverride(detail.consumableResourceProperties);
  const request: SubmitJobInput = {
    jobName: job.jobName,
    jobQueue,
    jobDefinition: job.jobDefinition,
    ...(detail.parameters === undefined || Object.keys(detail.parameters).length === 0
      ? {}
      : { parameters: { ...detail.parameters } }),
    tags: resubmissionTags(job.tags, options.lineage, notes),
    ...(detail.propagateTags === undefined ? {} : { propagateTags: detail.propagateTags }),
    ...(detail.timeout?.attemptDurationSeconds === undefined
      ? {}
      : { timeout: { attemptDurationSeconds: detail.timeout.attemptDurationSeconds } }),
    ...retryStrategyOf(detail, notes),
    ...(movedQueue ? {} : fairShare),
    ...overrides,
    ...(consumable === undefined || detail.nodeProperties !== undefined
      ? {}
      : { consumableResourcePropertiesOverride: consumable }),
  };
  return { request, notes };
}

type Overrides = Pick<
  SubmitJobInput,
  'containerOverrides' | 'ecsPropertiesOverride' | 'eksPropertiesOverride' | 'nodeOverrides'
>;

function platformOverrides(detail: ResubmittableDetail, context: OverrideContext): Overrides {
  if (detail.nodeProperties !== undefined) {
    const value = nodeOverrides(detail.nodeProperties, context);
    return value === undefined ? {} : { nodeOverrides: value };
  }
  const ecsContainers = detail.ecsProperties?.taskProperties?.[0]?.containers ?? [];
  if (detail.ecsProperties !== undefined && ecsContainers.length > 0) {
    const value = multiContainerOverrides(detail.ecsProperties, 'task', context);
    return value === undefined ? {} : { ecsPropertiesOverride: value };
  }
  if (detail.eksProperties?.podProperties !== undefined) {
    const value = eksOverrides(detail.eksProperties, 'pod', context);
    return value === undefined ? {} : { eksPropertiesOverride: value };
  }
  const container = detail.container ?? (context.indexVariable === undefined ? undefined : {});
  const value =
    container === undefined ? undefined : singleContainerOverrides(container, 'container', context, false);
  return value === undefined ? {} : { containerOverrides: value };
}

const OWN_LABEL_KEYS: ReadonlySet<string> = new Set(Object.values(LINEAGE_LABEL_KEYS));

/**
 * An EKS child carries its lineage in its pod labels too (its events may hold no tags); the failed
 * job's own lineage labels, if it was a child, are replaced.
 */
function withLineageLabels(overrides: Overrides, lineage: Lineage): Overrides {
  const eks = overrides.eksPropertiesOverride;
  if (eks === undefined) return overrides;
  const pod = eks.podProperties ?? {};
  const labels = Object.fromEntries(
    Object.entries(pod.metadata?.labels ?? {}).filter(([key]) => !OWN_LABEL_KEYS.has(key)),
  );
  return {
    ...overrides,
    eksPropertiesOverride: {
      ...eks,
      podProperties: {
        ...pod,
        metadata: { ...pod.metadata, labels: { ...labels, ...lineageLabels(lineage) } },
      },
    },
  };
}

/**
 * The failed job's fair-share fields, for a resubmission to the same queue. SubmitJob refuses a
 * `shareIdentifier` on a queue without a fair-share scheduling policy and requires one on a queue
 * with one, so they are only carried to the queue they came from.
 */
function fairShareOf(
  detail: ResubmittableDetail,
): Pick<SubmitJobInput, 'shareIdentifier' | 'schedulingPriorityOverride'> {
  return {
    ...(detail.shareIdentifier === undefined ? {} : { shareIdentifier: detail.shareIdentifier }),
    ...(detail.schedulingPriority === undefined
      ? {}
      : { schedulingPriorityOverride: detail.schedulingPriority }),
  };
}

function retryStrategyOf(detail: ResubmittableDetail, notes: string[]): { retryStrategy?: RetryStrategy } {
  const strategy = detail.retryStrategy;
  if (strategy === undefined) {
    return {};
  }
  const rules = (strategy.evaluateOnExit ?? []).flatMap((rule) => {
    const action = rule.action.toUpperCase();
    if (action !== 'RETRY' && action !== 'EXIT') {
      notes.push(`retryStrategy: dropped an evaluateOnExit rule with unknown action "${rule.action}"`);
      return [];
    }
    return [
      {
        action,
        ...(rule.onStatusReason === undefined ? {} : { onStatusReason: rule.onStatusReason }),
        ...(rule.onReason === undefined ? {} : { onReason: rule.onReason }),
        ...(rule.onExitCode === undefined ? {} : { onExitCode: rule.onExitCode }),
      } as const,
    ];
  });
  const result: RetryStrategy = {
    ...(strategy.attempts === undefined ? {} : { attempts: strategy.attempts }),
    ...(rules.length === 0 ? {} : { evaluateOnExit: rules }),
  };
  return Object.keys(result).length === 0 ? {} : { retryStrategy: result };
}

/** Refuses jobs that are never resubmitted; for an array child, the index variable to add. */
function checkResubmittable(job: NormalisedJob, name: string | undefined): KeyValuePair | undefined {
  const who = `job "${job.jobName}" (${job.jobId})`;
  if (job.array?.isParent === true) {
    throw new ResubmissionError(
      'ARRAY_PARENT',
      job.jobId,
      `${who} is an array parent: its FAILED state comes from its children and it is never resubmitted ` +
        'itself. Nothing was submitted; each failed child is handled from its own event.',
    );
  }
  if (job.node?.index !== undefined) {
    const which = job.node.isMainNode === true ? 'the main node' : 'a node';
    throw new ResubmissionError(
      'MULTI_NODE_NODE_JOB',
      job.jobId,
      `${who} is node ${job.node.index} (${which}) of a multi-node parallel job. Only the whole job is ` +
        "resubmitted, from the multi-node job's own FAILED event (its id without #). Nothing was submitted " +
        'for this node.',
    );
  }
  const index = job.array?.index;
  if (index === undefined) {
    return undefined;
  }
  if (name === undefined) {
    throw new ResubmissionError(
      'ARRAY_CHILD_WITHOUT_INDEX_VARIABLE',
      job.jobId,
      `${who} is child ${index} of array job ${job.array?.parentJobId ?? '(unknown)'}. AWS Batch sets ` +
        'AWS_BATCH_JOB_ARRAY_INDEX itself, so the child cannot be rerun under its index. Nothing was ' +
        'submitted. Rerun it by hand, or give the policy an array index variable that the job reads instead.',
    );
  }
  if (!VARIABLE_NAME.test(name) || name.startsWith(RESERVED_VARIABLE_PREFIX)) {
    throw new ResubmissionError(
      'INVALID_OPTIONS',
      job.jobId,
      `${who} was not resubmitted: array index variable "${name}" is not a usable environment variable name ` +
        `(letters, digits and _, not starting with a digit or ${RESERVED_VARIABLE_PREFIX}). Fix the policy.`,
    );
  }
  return { name, value: String(index) };
}

function checkLineage(job: NormalisedJob, lineage: Lineage): void {
  for (const [key, value] of Object.entries(lineageTags(lineage))) {
    if (value.length === 0 || value.length > MAX_TAG_VALUE_CHARS) {
      throw new ResubmissionError(
        'INVALID_OPTIONS',
        job.jobId,
        `job "${job.jobName}" (${job.jobId}) was not resubmitted: lineage tag ${key} must be 1 to ` +
          `${MAX_TAG_VALUE_CHARS} characters, got ${value.length}. Shorten the policy name.`,
      );
    }
  }
}
