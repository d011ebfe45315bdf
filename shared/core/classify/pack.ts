import type { Rule } from './rule.js';
import { applicationExit } from './rules/application-exit.js';
import { arrayChildFailed } from './rules/array-child-failed.js';
import { attemptTimeout } from './rules/attempt-timeout.js';
import { containerRuntimeError } from './rules/container-runtime-error.js';
import { dependentJobFailed } from './rules/dependent-job-failed.js';
import { healthCheckFailed } from './rules/health-check-failed.js';
import { hostTerminated } from './rules/host-terminated.js';
import { networkProvisioning } from './rules/network-provisioning.js';
import { noEvidence } from './rules/no-evidence.js';
import { nodeShutdown } from './rules/node-shutdown.js';
import { operatorCancel } from './rules/operator-cancel.js';
import { outOfMemory } from './rules/out-of-memory.js';
import { queueTimeLimit } from './rules/queue-time-limit.js';
import { spotInterruption } from './rules/spot-interruption.js';
import { taskSetupFailure } from './rules/task-setup-failure.js';

/**
 * The rule pack, in precedence order; the first rule that matches an attempt gives its class.
 *
 * 1. Job-level outcomes AWS writes that say everything: timeout, array child, dependency, queue
 *    time limit.
 * 2. An operator's cancel: free text at job level ends the job whatever the attempt was doing.
 * 3. Platform causes read from container and attempt reasons: resource before infrastructure before
 *    middleware, because an OOM inside `CannotStartContainerError` is a resource problem.
 * 4. The program's own failure: a failed health check, then a non-zero exit code.
 * 5. `unknown`, which always matches.
 */
export const RULE_PACK: readonly Rule[] = [
  attemptTimeout,
  arrayChildFailed,
  dependentJobFailed,
  queueTimeLimit,
  operatorCancel,
  outOfMemory,
  spotInterruption,
  hostTerminated,
  nodeShutdown,
  networkProvisioning,
  containerRuntimeError,
  taskSetupFailure,
  healthCheckFailed,
  applicationExit,
  noEvidence,
];
