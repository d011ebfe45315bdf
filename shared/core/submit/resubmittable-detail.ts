import * as z from 'zod';
import { builtOnFirstUse, compiledWhenHot } from '../compiled-schema.js';
import type { NormalisedJob } from '../events/types.js';
import { ResubmissionError } from './errors.js';

/*
 * The fields of a job detail that feed a SubmitJob request, in the shapes of the Batch API
 * (`JobDetail`, `ContainerDetail`, `EcsPropertiesDetail`, `EksPropertiesDetail`, `NodeProperties`).
 * The event schema stays lenient about these; here they are checked because they are sent back to
 * Batch. Unknown fields pass through and are ignored.
 */

/** Builds the schemas, once, on the first retry decision (compiled-schema.ts). */
function buildResubmittableSchemas() {
  const strings = z.array(z.string());
  const stringMap = z.record(z.string(), z.string());
  const keyValue = z.object({ name: z.string(), value: z.string().optional() });
  const resourceRequirement = z.object({ type: z.string(), value: z.string() });

  const taskContainer = z.object({
    name: z.string().optional(),
    command: strings.optional(),
    environment: z.array(keyValue).optional(),
    resourceRequirements: z.array(resourceRequirement).optional(),
  });

  const container = taskContainer.extend({
    /** Deprecated MiB / vCPU fields of jobs defined before `resourceRequirements`. */
    memory: z.number().optional(),
    vcpus: z.number().optional(),
    /** Multi-node parallel jobs only. */
    instanceType: z.string().optional(),
  });

  const ecsProperties = z.object({
    taskProperties: z.array(z.object({ containers: z.array(taskContainer).optional() })).optional(),
  });

  const eksContainer = z.object({
    name: z.string().optional(),
    image: z.string().optional(),
    command: strings.optional(),
    args: strings.optional(),
    env: z.array(keyValue).optional(),
    resources: z.object({ limits: stringMap.optional(), requests: stringMap.optional() }).optional(),
  });

  const eksProperties = z.object({
    podProperties: z
      .looseObject({
        containers: z.array(eksContainer).optional(),
        initContainers: z.array(eksContainer).optional(),
        metadata: z.object({ labels: stringMap.optional(), annotations: stringMap.optional() }).optional(),
      })
      .optional(),
  });

  const consumableResources = z.object({
    consumableResourceList: z
      .array(z.object({ consumableResource: z.string().optional(), quantity: z.number().optional() }))
      .optional(),
  });

  const nodeRange = z.object({
    targetNodes: z.string(),
    container: container.optional(),
    ecsProperties: ecsProperties.optional(),
    eksProperties: eksProperties.optional(),
    instanceTypes: strings.optional(),
    consumableResourceProperties: consumableResources.optional(),
  });

  const detail = z.object({
    parameters: stringMap.optional(),
    propagateTags: z.boolean().optional(),
    timeout: z.object({ attemptDurationSeconds: z.number().optional() }).optional(),
    retryStrategy: z
      .looseObject({
        attempts: z.number().optional(),
        evaluateOnExit: z
          .array(
            z.object({
              onStatusReason: z.string().optional(),
              onReason: z.string().optional(),
              onExitCode: z.string().optional(),
              action: z.string(),
            }),
          )
          .optional(),
      })
      .optional(),
    shareIdentifier: z.string().optional(),
    schedulingPriority: z.number().optional(),
    dependsOn: z.array(z.object({ jobId: z.string().optional(), type: z.string().optional() })).optional(),
    container: container.optional(),
    ecsProperties: ecsProperties.optional(),
    eksProperties: eksProperties.optional(),
    nodeProperties: z
      .looseObject({
        numNodes: z.number().optional(),
        mainNode: z.number().optional(),
        nodeRangeProperties: z.array(nodeRange).optional(),
      })
      .optional(),
    consumableResourceProperties: consumableResources.optional(),
  });
  return {
    detail,
    container,
    taskContainer,
    ecsProperties,
    eksProperties,
    eksContainer,
    nodeRange,
    consumableResources,
  };
}

/** The schemas of the resubmission fields, built on first use; `detail` reads a job detail. */
export const resubmittableSchemas = builtOnFirstUse(buildResubmittableSchemas);
type Schemas = ReturnType<typeof buildResubmittableSchemas>;

/**
 * Every retry decision reads the failed job's detail with it. Compiled after 5,000 reads
 * (compiled-schema.ts): a read takes about 13 us on zod's runtime parser and 5 us compiled, so the
 * 45 ms of compiling are paid back after about 5,000.
 */
const compiledDetailSchema = compiledWhenHot(() => resubmittableSchemas().detail, 5_000);

/** The resubmission-relevant part of a job detail. */
export type ResubmittableDetail = z.infer<Schemas['detail']>;
/** A single container's effective settings (`ContainerDetail`). */
export type ContainerSettings = z.infer<Schemas['container']>;
/** One container of a multi-container ECS job. */
export type TaskContainerSettings = z.infer<Schemas['taskContainer']>;
/** `ecsProperties` of a job or node range. */
export type EcsPropertiesSettings = z.infer<Schemas['ecsProperties']>;
/** `eksProperties` of a job or node range. */
export type EksPropertiesSettings = z.infer<Schemas['eksProperties']>;
/** One container (or init container) of an EKS pod. */
export type EksContainerSettings = z.infer<Schemas['eksContainer']>;
/** One node range of a multi-node parallel job. */
export type NodeRangeSettings = z.infer<Schemas['nodeRange']>;
/** `consumableResourceProperties` of a job or node range. */
export type ConsumableResourceSettings = z.infer<Schemas['consumableResources']>;

/**
 * Reads the resubmission fields of `job.detail`. Throws a permanent `ResubmissionError`
 * (`UNREADABLE_DETAIL`) naming the first bad field.
 */
export function readResubmittableDetail(job: NormalisedJob): ResubmittableDetail {
  const result = compiledDetailSchema().safeParse(job.detail);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  const field = issue === undefined ? '(detail)' : `detail.${issue.path.map(String).join('.')}`;
  throw new ResubmissionError(
    'UNREADABLE_DETAIL',
    job.jobId,
    `job "${job.jobName}" (${job.jobId}) cannot be resubmitted: ${field}: ${issue?.message ?? 'invalid'}. ` +
      'Nothing was submitted. Resubmit it by hand (AWS Batch console: Clone job) and report the event.',
  );
}
