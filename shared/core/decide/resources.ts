import type { NormalisedJob } from '../events/types.js';
import type { Policy } from '../policy/schema.js';

/** Memory in MiB and vCPUs of the container a resubmission would change. */
export interface Resources {
  readonly memoryMiB?: number;
  readonly vcpus?: number;
}

type Loose = Readonly<Record<string, unknown>>;

function asRecord(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Reads `resourceRequirements` ([{type: MEMORY|VCPU, value}]) and the legacy `memory` / `vcpus` fields. */
function fromEcsContainer(container: Loose): Resources {
  let memoryMiB = positive(container.memory);
  let vcpus = positive(container.vcpus);
  const requirements = Array.isArray(container.resourceRequirements) ? container.resourceRequirements : [];
  for (const entry of requirements) {
    const r = asRecord(entry);
    if (r?.type === 'MEMORY') memoryMiB = positive(r.value) ?? memoryMiB;
    if (r?.type === 'VCPU') vcpus = positive(r.value) ?? vcpus;
  }
  return { ...(memoryMiB === undefined ? {} : { memoryMiB }), ...(vcpus === undefined ? {} : { vcpus }) };
}

const K8S_MEMORY_UNITS: Readonly<Record<string, number>> = {
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
  K: 1000 / 1024 ** 2,
  M: 1e6 / 1024 ** 2,
  G: 1e9 / 1024 ** 2,
};

/** Kubernetes quantities: memory like `2048Mi` / `4Gi`, cpu like `2` / `500m`. */
function fromEksContainer(container: Loose): Resources {
  const resources = asRecord(container.resources);
  const limits = { ...asRecord(resources?.requests), ...asRecord(resources?.limits) };
  const memoryText = typeof limits.memory === 'string' ? limits.memory : undefined;
  const cpuText = typeof limits.cpu === 'string' ? limits.cpu : undefined;
  const memoryMatch = memoryText === undefined ? null : /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(memoryText);
  const memoryMiB =
    memoryMatch === null
      ? undefined
      : positive(Number(memoryMatch[1]) * (K8S_MEMORY_UNITS[memoryMatch[2] ?? ''] ?? 1 / 1024 ** 2));
  const vcpus =
    cpuText === undefined
      ? undefined
      : cpuText.endsWith('m')
        ? positive(Number(cpuText.slice(0, -1)) / 1000)
        : positive(cpuText);
  return { ...(memoryMiB === undefined ? {} : { memoryMiB }), ...(vcpus === undefined ? {} : { vcpus }) };
}

/**
 * The resources of the container an out-of-memory failure points at: the single container of an
 * ECS/Fargate job, the decisive container of a multi-container job or of an EKS pod, or the container
 * of the node range holding the main node of a multi-node job's own event. Undefined
 * fields mean the event does not say (the job definition's values then stay in force).
 */
export function currentResources(job: NormalisedJob): Resources {
  const detail = job.detail as Loose;
  if (job.platform === 'EKS') {
    const pod = asRecord(asRecord(detail.eksProperties)?.podProperties);
    const containers = Array.isArray(pod?.containers) ? pod.containers : [];
    const decisive = job.attempts.at(-1)?.containers.find((c) => c.decisive)?.name;
    const chosen = containers.map(asRecord).find((c) => c?.name === decisive) ?? asRecord(containers[0]);
    return chosen === undefined ? {} : fromEksContainer(chosen);
  }
  if (job.platform === 'ECS_MULTI_CONTAINER') {
    const task = asRecord((asRecord(detail.ecsProperties)?.taskProperties as unknown[] | undefined)?.[0]);
    const containers = Array.isArray(task?.containers) ? task.containers : [];
    const decisive = job.attempts.at(-1)?.containers.find((c) => c.decisive)?.name;
    const chosen = containers.map(asRecord).find((c) => c?.name === decisive) ?? asRecord(containers[0]);
    return chosen === undefined ? {} : fromEcsContainer(chosen);
  }
  if (job.platform === 'MULTI_NODE' && detail.container === undefined) {
    const container = asRecord(mainNodeRange(asRecord(detail.nodeProperties))?.container);
    return container === undefined ? {} : fromEcsContainer(container);
  }
  const container = asRecord(detail.container);
  return container === undefined ? {} : fromEcsContainer(container);
}

/**
 * The node range of a multi-node job that holds its main node (`targetNodes` such as `0:0`, `0:`,
 * `:3` or `2`), else the first range: the one a resubmission escalates.
 */
function mainNodeRange(nodeProperties: Loose | undefined): Loose | undefined {
  const ranges = (
    Array.isArray(nodeProperties?.nodeRangeProperties) ? nodeProperties.nodeRangeProperties : []
  )
    .map(asRecord)
    .filter((r): r is Loose => r !== undefined);
  const main = typeof nodeProperties?.mainNode === 'number' ? nodeProperties.mainNode : 0;
  const holdsMain = (range: Loose): boolean => {
    const [low, high] = String(range.targetNodes ?? '').split(':');
    const from = low === undefined || low === '' ? 0 : Number(low);
    const to = high === undefined ? from : high === '' ? Number.POSITIVE_INFINITY : Number(high);
    return main >= from && main <= to;
  };
  return ranges.find(holdsMain) ?? ranges[0];
}

/**
 * Resources after one escalation step: each value multiplied by its factor and held under its
 * ceiling, but never below its current value (a job already above a ceiling keeps what it had).
 * Returns undefined when nothing can grow (no known memory, or already at the ceilings).
 */
export function escalatedResources(
  current: Resources,
  escalate: NonNullable<Policy['escalate']>,
): Resources | undefined {
  const memoryMiB =
    current.memoryMiB === undefined
      ? undefined
      : Math.max(
          current.memoryMiB,
          Math.min(Math.ceil(current.memoryMiB * escalate.memoryFactor), escalate.maxMemoryMiB),
        );
  const vcpuCeiling = escalate.maxVcpus ?? current.vcpus;
  const vcpus =
    current.vcpus === undefined || vcpuCeiling === undefined
      ? undefined
      : Math.max(current.vcpus, Math.min(current.vcpus * escalate.vcpuFactor, vcpuCeiling));
  const grows =
    (memoryMiB !== undefined && memoryMiB > (current.memoryMiB ?? 0)) ||
    (vcpus !== undefined && vcpus > (current.vcpus ?? 0));
  if (!grows) return undefined;
  return { ...(memoryMiB === undefined ? {} : { memoryMiB }), ...(vcpus === undefined ? {} : { vcpus }) };
}
