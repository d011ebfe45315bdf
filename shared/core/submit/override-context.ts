import type { KeyValuePair } from '../ports/batch.js';

/** Resource escalation decided by the policy, already capped by the caller. */
export interface Escalation {
  /** New memory of the target container, MiB. */
  readonly memoryMiB?: number;
  /** New vCPUs of the target container (fractions allowed on Fargate, e.g. 0.5). */
  readonly vcpus?: number;
}

/**
 * What the override builders share while one request is assembled: the notes they append to
 * (what was dropped or changed, and why), the escalation with the name of the container it targets,
 * and the array index variable to add to every container.
 */
export interface OverrideContext {
  readonly notes: string[];
  readonly escalation?: Escalation;
  /** Container that receives the escalation in multi-container jobs; default: the first one. */
  readonly escalationTarget?: string;
  readonly indexVariable?: KeyValuePair;
  /** Set once the escalation has been written into some container. */
  readonly state: { escalated: boolean };
}

/** The same context without the escalation (node ranges that do not hold the main node). */
export function withoutEscalation(context: OverrideContext): OverrideContext {
  const { escalation: _ignored, ...rest } = context;
  return rest;
}
