import type { NodeOverrides, NodePropertyOverride } from '../ports/batch.js';
import { consumableResourcesOverride } from './consumable-resources.js';
import { multiContainerOverrides, singleContainerOverrides } from './ecs-overrides.js';
import { eksOverrides } from './eks-overrides.js';
import { type OverrideContext, withoutEscalation } from './override-context.js';
import type { NodeRangeSettings, ResubmittableDetail } from './resubmittable-detail.js';

/**
 * `nodeOverrides` for a multi-node parallel job: one `nodePropertyOverrides` entry per node range of
 * the job (same `targetNodes`), with the range's container (including `instanceType`), ECS, EKS and
 * consumable-resource overrides and its `instanceTypes`. The main node index and the ranges
 * themselves come from the job definition. `numNodes` is sent only when a range has an open upper
 * boundary (`n:`), the one case SubmitJob accepts it. The escalation goes to the range that holds the
 * main node (only a main-node failure fails the job), else to the first range.
 */
export function nodeOverrides(
  nodeProperties: NonNullable<ResubmittableDetail['nodeProperties']>,
  context: OverrideContext,
): NodeOverrides | undefined {
  const ranges = nodeProperties.nodeRangeProperties ?? [];
  const mainNode = nodeProperties.mainNode ?? 0;
  const target = ranges.find((r) => rangeHolds(r.targetNodes, mainNode)) ?? ranges[0];
  const overrides = ranges.flatMap((range) => {
    const override = rangeOverride(range, range === target ? context : withoutEscalation(context));
    return override === undefined ? [] : [override];
  });
  const openRange = ranges.some((r) => r.targetNodes.endsWith(':'));
  const numNodes = openRange ? nodeProperties.numNodes : undefined;
  const result: NodeOverrides = {
    ...(numNodes === undefined ? {} : { numNodes }),
    ...(overrides.length === 0 ? {} : { nodePropertyOverrides: overrides }),
  };
  return Object.keys(result).length === 0 ? undefined : result;
}

function rangeOverride(range: NodeRangeSettings, context: OverrideContext): NodePropertyOverride | undefined {
  const label = `node range "${range.targetNodes}"`;
  const containerOverrides =
    range.container === undefined
      ? undefined
      : singleContainerOverrides(range.container, label, context, true);
  const ecsPropertiesOverride =
    range.ecsProperties === undefined
      ? undefined
      : multiContainerOverrides(range.ecsProperties, label, context);
  const eksPropertiesOverride =
    range.eksProperties === undefined ? undefined : eksOverrides(range.eksProperties, label, context);
  const consumable = consumableResourcesOverride(range.consumableResourceProperties);
  const instanceTypes = range.instanceTypes ?? [];
  const override: NodePropertyOverride = {
    targetNodes: range.targetNodes,
    ...(containerOverrides === undefined ? {} : { containerOverrides }),
    ...(ecsPropertiesOverride === undefined ? {} : { ecsPropertiesOverride }),
    ...(eksPropertiesOverride === undefined ? {} : { eksPropertiesOverride }),
    ...(consumable === undefined ? {} : { consumableResourcePropertiesOverride: consumable }),
    ...(instanceTypes.length === 0 ? {} : { instanceTypes: [...instanceTypes] }),
  };
  return Object.keys(override).length === 1 ? undefined : override;
}

/** Whether a node range such as `0:0`, `1:`, `:3`, `:` or `2` includes node `index`. */
function rangeHolds(targetNodes: string, index: number): boolean {
  const [low, high] = targetNodes.split(':');
  const from = low === undefined || low === '' ? 0 : Number(low);
  const to = high === undefined ? from : high === '' ? Number.POSITIVE_INFINITY : Number(high);
  return index >= from && index <= to;
}
