import type {
  EksContainerOverride,
  KeyValuePair,
  SubmitJobInput,
  TaskContainerOverrides,
} from '../ports/batch.js';

/** What a masked environment value is shown as. */
export const MASKED = '****';

const maskPairs = (pairs: readonly KeyValuePair[] | undefined) =>
  pairs?.map((pair) => ({ ...pair, value: MASKED }));

function maskTask(container: TaskContainerOverrides): TaskContainerOverrides {
  const environment = maskPairs(container.environment);
  return environment === undefined ? container : { ...container, environment };
}

function maskEks(container: EksContainerOverride): EksContainerOverride {
  const env = container.env?.map((variable) => ({
    ...variable,
    ...(variable.value === undefined ? {} : { value: MASKED }),
  }));
  return env === undefined ? container : { ...container, env };
}

/**
 * `request` with every environment variable's value replaced by {@link MASKED}, names kept: what
 * tools print of a stored SubmitJob request unless asked to show values (they may hold secrets a job
 * was given in plain text). Containers of single-container, multi-container, EKS and multi-node jobs.
 */
export function maskEnvironment(request: SubmitJobInput): SubmitJobInput {
  const masked: { -readonly [K in keyof SubmitJobInput]: SubmitJobInput[K] } = { ...request };
  if (request.containerOverrides !== undefined)
    masked.containerOverrides = maskTask(request.containerOverrides);
  const tasks = request.ecsPropertiesOverride?.taskProperties;
  if (tasks !== undefined) {
    masked.ecsPropertiesOverride = {
      taskProperties: tasks.map((task) => ({
        ...task,
        ...(task.containers === undefined ? {} : { containers: task.containers.map(maskTask) }),
      })),
    };
  }
  const pod = request.eksPropertiesOverride?.podProperties;
  if (pod !== undefined) {
    masked.eksPropertiesOverride = {
      podProperties: {
        ...pod,
        ...(pod.containers === undefined ? {} : { containers: pod.containers.map(maskEks) }),
        ...(pod.initContainers === undefined ? {} : { initContainers: pod.initContainers.map(maskEks) }),
      },
    };
  }
  const nodes = request.nodeOverrides?.nodePropertyOverrides;
  if (nodes !== undefined) {
    masked.nodeOverrides = {
      ...request.nodeOverrides,
      nodePropertyOverrides: nodes.map((node) => {
        const inner = node.containerOverrides === undefined ? undefined : maskTask(node.containerOverrides);
        return inner === undefined ? node : { ...node, containerOverrides: inner };
      }),
    };
  }
  return masked;
}
