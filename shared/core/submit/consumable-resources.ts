import type { ConsumableResourceProperties } from '../ports/batch.js';
import type { ConsumableResourceSettings } from './resubmittable-detail.js';

/**
 * `consumableResourcePropertiesOverride` from the job's effective consumable resources (resource-aware
 * scheduling), so that a submit-time override of the failed job is kept. Undefined when there are none.
 */
export function consumableResourcesOverride(
  properties: ConsumableResourceSettings | undefined,
): ConsumableResourceProperties | undefined {
  const list = properties?.consumableResourceList ?? [];
  if (list.length === 0) {
    return undefined;
  }
  return {
    consumableResourceList: list.map((item) => ({
      ...(item.consumableResource === undefined ? {} : { consumableResource: item.consumableResource }),
      ...(item.quantity === undefined ? {} : { quantity: item.quantity }),
    })),
  };
}
