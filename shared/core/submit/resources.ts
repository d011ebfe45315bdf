import type { ResourceRequirement } from '../ports/batch.js';
import type { Escalation, OverrideContext } from './override-context.js';

const RESOURCE_TYPES: ReadonlySet<string> = new Set(['GPU', 'VCPU', 'MEMORY']);

function isResourceType(type: string): type is ResourceRequirement['type'] {
  return RESOURCE_TYPES.has(type);
}

/**
 * The resource requirements to send for one ECS container: the effective ones of the failed job,
 * the deprecated `memory` (MiB) / `vcpus` fields turned into MEMORY / VCPU requirements when those
 * are missing, and then the escalation (when `escalation` is given) replacing MEMORY / VCPU.
 * Returns undefined when there is nothing to send.
 */
export function carryResourceRequirements(
  requirements: readonly { readonly type: string; readonly value: string }[] | undefined,
  legacy: { readonly memory?: number | undefined; readonly vcpus?: number | undefined },
  escalation: Escalation | undefined,
  label: string,
  context: OverrideContext,
): ResourceRequirement[] | undefined {
  const result: ResourceRequirement[] = [];
  for (const requirement of requirements ?? []) {
    if (isResourceType(requirement.type)) {
      result.push({ type: requirement.type, value: requirement.value });
    } else {
      context.notes.push(`${label}: dropped resource requirement of unknown type "${requirement.type}"`);
    }
  }
  addLegacy(result, 'MEMORY', legacy.memory);
  addLegacy(result, 'VCPU', legacy.vcpus);
  if (escalation?.memoryMiB !== undefined) {
    escalate(result, 'MEMORY', String(escalation.memoryMiB), `${label}: MEMORY`, ' MiB', context);
  }
  if (escalation?.vcpus !== undefined) {
    escalate(result, 'VCPU', String(escalation.vcpus), `${label}: VCPU`, '', context);
  }
  return result.length === 0 ? undefined : result;
}

function addLegacy(result: ResourceRequirement[], type: 'MEMORY' | 'VCPU', value: number | undefined): void {
  if (value !== undefined && value > 0 && !result.some((r) => r.type === type)) {
    result.push({ type, value: String(value) });
  }
}

function escalate(
  result: ResourceRequirement[],
  type: 'MEMORY' | 'VCPU',
  value: string,
  what: string,
  unit: string,
  context: OverrideContext,
): void {
  const index = result.findIndex((r) => r.type === type);
  const before = index === -1 ? 'unset' : `${result[index]?.value}${unit}`;
  if (index === -1) {
    result.push({ type, value });
  } else {
    result[index] = { type, value };
  }
  context.notes.push(`${what} ${before} -> ${value}${unit} (escalation)`);
  context.state.escalated = true;
}
