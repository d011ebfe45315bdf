import type { EksContainerOverride, EksContainerResources, EksPropertiesOverride } from '../ports/batch.js';
import { carryEnvironment } from './environment.js';
import type { Escalation, OverrideContext } from './override-context.js';
import type { EksContainerSettings, EksPropertiesSettings } from './resubmittable-detail.js';

/** Label and annotation prefix AWS Batch uses on the pods it creates (job id, compute environment). */
const BATCH_METADATA_PREFIX = 'batch.amazonaws.com/';

/**
 * `eksPropertiesOverride` for an EKS job: every container and init container with `name`, `image`,
 * `command`, `args`, `env` (without `AWS_BATCH*`) and `resources`, plus the pod's labels and
 * annotations without Batch's own `batch.amazonaws.com/` keys. Service account, volumes, host
 * networking and DNS policy come from the job definition. The escalation goes to the container named
 * `context.escalationTarget`, else to the first container, as Kubernetes quantities (`<MiB>Mi`, cpu).
 */
export function eksOverrides(
  eks: EksPropertiesSettings,
  label: string,
  context: OverrideContext,
): EksPropertiesOverride | undefined {
  const pod = eks.podProperties;
  if (pod === undefined) {
    return undefined;
  }
  const containers = pod.containers ?? [];
  const target = containers.find((c) => c.name === context.escalationTarget) ?? containers[0];
  const mainOverrides = containers.map((c) =>
    containerOverride(c, label, context, c === target ? context.escalation : undefined),
  );
  const initOverrides = (pod.initContainers ?? []).map((c) =>
    containerOverride(c, label, context, undefined),
  );
  const labels = withoutBatchKeys(pod.metadata?.labels, `${label}: pod labels`, context);
  const annotations = withoutBatchKeys(pod.metadata?.annotations, `${label}: pod annotations`, context);
  const metadata = {
    ...(labels === undefined ? {} : { labels }),
    ...(annotations === undefined ? {} : { annotations }),
  };
  const podProperties = {
    ...(mainOverrides.length === 0 ? {} : { containers: mainOverrides }),
    ...(initOverrides.length === 0 ? {} : { initContainers: initOverrides }),
    ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
  };
  return Object.keys(podProperties).length === 0 ? undefined : { podProperties };
}

function containerOverride(
  container: EksContainerSettings,
  label: string,
  context: OverrideContext,
  escalation: Escalation | undefined,
): EksContainerOverride {
  const where = `${label} container "${container.name ?? '(unnamed)'}"`;
  const env = carryEnvironment(container.env, where, context);
  const resources = escalateResources(container.resources, escalation, where, context);
  return {
    ...(container.name === undefined ? {} : { name: container.name }),
    ...(container.image === undefined ? {} : { image: container.image }),
    ...(container.command === undefined || container.command.length === 0
      ? {}
      : { command: [...container.command] }),
    ...(container.args === undefined || container.args.length === 0 ? {} : { args: [...container.args] }),
    ...(env === undefined ? {} : { env }),
    ...(resources === undefined ? {} : { resources }),
  };
}

/*
 * Batch requires memory limits and requests to be equal when both are given, and cpu limits to be at
 * least the requests: the new value is written wherever the resource was set (so both stay equal),
 * or, if it was set nowhere, into limits (memory) / requests (cpu).
 */
function escalateResources(
  resources: EksContainerSettings['resources'],
  escalation: Escalation | undefined,
  where: string,
  context: OverrideContext,
): EksContainerResources | undefined {
  const limits: Record<string, string> = { ...resources?.limits };
  const requests: Record<string, string> = { ...resources?.requests };
  if (escalation?.memoryMiB !== undefined) {
    setQuantity(limits, requests, 'memory', `${escalation.memoryMiB}Mi`, 'limits', where, context);
  }
  if (escalation?.vcpus !== undefined) {
    setQuantity(limits, requests, 'cpu', String(escalation.vcpus), 'requests', where, context);
  }
  const result = {
    ...(Object.keys(limits).length === 0 ? {} : { limits }),
    ...(Object.keys(requests).length === 0 ? {} : { requests }),
  };
  return Object.keys(result).length === 0 ? undefined : result;
}

function setQuantity(
  limits: Record<string, string>,
  requests: Record<string, string>,
  resource: 'memory' | 'cpu',
  value: string,
  fallback: 'limits' | 'requests',
  where: string,
  context: OverrideContext,
): void {
  const before = limits[resource] ?? requests[resource] ?? 'unset';
  const inLimits = resource in limits;
  const inRequests = resource in requests;
  if (inLimits || (!inRequests && fallback === 'limits')) limits[resource] = value;
  if (inRequests || (!inLimits && fallback === 'requests')) requests[resource] = value;
  context.notes.push(`${where}: ${resource} ${before} -> ${value} (escalation)`);
  context.state.escalated = true;
}

function withoutBatchKeys(
  entries: Readonly<Record<string, string>> | undefined,
  what: string,
  context: OverrideContext,
): Record<string, string> | undefined {
  const kept: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(entries ?? {})) {
    if (key.startsWith(BATCH_METADATA_PREFIX)) dropped.push(key);
    else kept[key] = value;
  }
  if (dropped.length > 0) {
    context.notes.push(`${what}: dropped ${dropped.join(', ')} (set by AWS Batch for the old pod)`);
  }
  return Object.keys(kept).length === 0 ? undefined : kept;
}
