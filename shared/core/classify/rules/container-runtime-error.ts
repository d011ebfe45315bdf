import type { FailureCause } from '../causes.js';
import { middlewareCause } from '../middleware-causes.js';
import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

/**
 * Error codes the ECS and Fargate agents prefix container reasons with ("<Code>: <detail>"), from the
 * ECS "stopped task error codes" and "CannotPullContainer errors" pages and the agent's error names,
 * each with the cause it gives when the rest of the text says nothing more (middleware-causes.ts
 * reads the rest first). The platform-version 1.3 and 1.4 spellings (DockerTimeoutError /
 * ContainerRuntimeTimeoutError) are both listed.
 */
const ECS_CODES: readonly (readonly [string, FailureCause])[] = [
  ['CannotPullContainerError', 'image-pull'],
  ['CannotPullECRContainerError', 'image-pull'],
  ['CannotPullContainerAuthError', 'registry-auth-denied'],
  ['CannotStartContainerError', 'container-start'],
  ['CannotCreateContainerError', 'container-start'],
  ['CannotInspectContainerError', 'runtime-timeout'],
  ['CannotStopContainerError', 'runtime-timeout'],
  ['CannotRemoveContainerError', 'runtime-timeout'],
  ['CannotDescribeContainerError', 'runtime-timeout'],
  ['CannotCreateVolumeError', 'container-start'],
  ['CannotInspectVolumeError', 'runtime-timeout'],
  ['DockerTimeoutError', 'runtime-timeout'],
  ['DockerStateError', 'runtime-timeout'],
  ['DockerClientConfigError', 'container-start'],
  ['ContainerRuntimeError', 'runtime-timeout'],
  ['ContainerRuntimeTimeoutError', 'runtime-timeout'],
  ['ResourceInitializationError', 'task-setup'],
  ['CgroupError', 'container-start'],
  ['InternalError', 'runtime-timeout'],
  ['TaskFailedToStart', 'task-setup'],
];

/** Kubernetes waiting/terminated reasons meaning the runtime could not start the container. */
const KUBERNETES_REASONS: readonly (readonly [string, FailureCause])[] = [
  ['ImagePullBackOff', 'image-pull'],
  ['ErrImagePull', 'image-pull'],
  ['ErrImageNeverPull', 'image-pull'],
  ['InvalidImageName', 'image-not-found'],
  ['ContainerCannotRun', 'container-start'],
  ['CreateContainerConfigError', 'container-start'],
  ['CreateContainerError', 'container-start'],
  ['RunContainerError', 'container-start'],
  ['StartError', 'container-start'],
  ['PostStartHookError', 'container-start'],
];

const PATTERNS = reasonPatterns([
  ...ECS_CODES.map(([code, cause]) => ({
    label: `${code}*`,
    regex: new RegExp(`\\b${code}\\b`, 'i'),
    cause,
  })),
  ...KUBERNETES_REASONS.map(([reason, cause]) => ({
    label: reason,
    regex: new RegExp(`^${reason}\\b`, 'i'),
    cause,
  })),
]);

/** `middleware`: the container platform (ECS/Fargate agent, Docker/containerd, kubelet) failed. */
export const containerRuntimeError: Rule = {
  id: 'container-runtime-error',
  description:
    'An ECS/Fargate agent error code or a Kubernetes container start failure (CannotPullContainerError, ResourceInitializationError, ImagePullBackOff...): middleware.',
  patterns: PATTERNS.list,
  evaluate: (input) =>
    matchReasonPatterns(input, PATTERNS, {
      class: 'middleware',
      cause: 'container-start',
      refine: middlewareCause,
    }),
};
