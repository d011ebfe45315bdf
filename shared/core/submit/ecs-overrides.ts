import type { ContainerOverrides, EcsPropertiesOverride, TaskContainerOverrides } from '../ports/batch.js';
import { carryEnvironment } from './environment.js';
import type { OverrideContext } from './override-context.js';
import { carryResourceRequirements } from './resources.js';
import type { ContainerSettings, EcsPropertiesSettings } from './resubmittable-detail.js';

/**
 * `containerOverrides` for a single-container ECS job (EC2 or Fargate) or one node range of a
 * multi-node job: `command`, `environment` and `resourceRequirements` (with the escalation, if the
 * context carries one); `instanceType` only when `withInstanceType` (multi-node parallel jobs, the
 * only ones SubmitJob accepts it for). Everything else in `container` can only change through a new
 * job definition revision. Returns undefined when there is nothing to override.
 */
export function singleContainerOverrides(
  container: ContainerSettings,
  label: string,
  context: OverrideContext,
  withInstanceType: boolean,
): ContainerOverrides | undefined {
  const environment = carryEnvironment(container.environment, label, context);
  const resourceRequirements = carryResourceRequirements(
    container.resourceRequirements,
    { memory: container.memory, vcpus: container.vcpus },
    context.escalation,
    label,
    context,
  );
  const instanceType = withInstanceType ? container.instanceType : undefined;
  const overrides: ContainerOverrides = {
    ...(container.command === undefined || container.command.length === 0
      ? {}
      : { command: [...container.command] }),
    ...(environment === undefined ? {} : { environment }),
    ...(resourceRequirements === undefined ? {} : { resourceRequirements }),
    ...(instanceType === undefined ? {} : { instanceType }),
  };
  return Object.keys(overrides).length === 0 ? undefined : overrides;
}

/**
 * `ecsPropertiesOverride` for a multi-container ECS job: one task, every named container with its
 * `command`, `environment` and `resourceRequirements`. The escalation goes to the container named
 * `context.escalationTarget` (the one whose failure decided the attempt), else to the first.
 * Batch matches container overrides by name, so unnamed containers are dropped (noted).
 */
export function multiContainerOverrides(
  ecs: EcsPropertiesSettings,
  label: string,
  context: OverrideContext,
): EcsPropertiesOverride | undefined {
  const tasks = ecs.taskProperties ?? [];
  if (tasks.length > 1) {
    context.notes.push(
      `${label}: only the first of ${tasks.length} task properties is overridden (SubmitJob takes one)`,
    );
  }
  const containers = tasks[0]?.containers ?? [];
  const target = containers.find((c) => c.name === context.escalationTarget) ?? containers[0];
  const overrides: TaskContainerOverrides[] = [];
  for (const container of containers) {
    if (container.name === undefined) {
      context.notes.push(
        `${label}: dropped the overrides of an unnamed container (Batch matches them by name)`,
      );
      continue;
    }
    const where = `${label} container "${container.name}"`;
    const environment = carryEnvironment(container.environment, where, context);
    const resourceRequirements = carryResourceRequirements(
      container.resourceRequirements,
      {},
      container === target ? context.escalation : undefined,
      where,
      context,
    );
    overrides.push({
      name: container.name,
      ...(container.command === undefined || container.command.length === 0
        ? {}
        : { command: [...container.command] }),
      ...(environment === undefined ? {} : { environment }),
      ...(resourceRequirements === undefined ? {} : { resourceRequirements }),
    });
  }
  return overrides.length === 0 ? undefined : { taskProperties: [{ containers: overrides }] };
}
