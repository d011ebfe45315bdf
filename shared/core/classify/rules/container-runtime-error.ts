import { matchReasonPatterns, type ReasonPattern } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

/**
 * Error codes the ECS and Fargate agents prefix container reasons with ("<Code>: <detail>"), from the
 * ECS "stopped task error codes" and "CannotPullContainer errors" pages and the agent's error names.
 * The platform-version 1.3 and 1.4 spellings (DockerTimeoutError / ContainerRuntimeTimeoutError) are
 * both listed.
 */
const ECS_CODES = [
  'CannotPullContainerError',
  'CannotPullECRContainerError',
  'CannotPullContainerAuthError',
  'CannotStartContainerError',
  'CannotCreateContainerError',
  'CannotInspectContainerError',
  'CannotStopContainerError',
  'CannotRemoveContainerError',
  'CannotDescribeContainerError',
  'CannotCreateVolumeError',
  'CannotInspectVolumeError',
  'DockerTimeoutError',
  'DockerStateError',
  'DockerClientConfigError',
  'ContainerRuntimeError',
  'ContainerRuntimeTimeoutError',
  'ResourceInitializationError',
  'CgroupError',
  'InternalError',
  'TaskFailedToStart',
] as const;

/** Kubernetes waiting/terminated reasons meaning the runtime could not start the container. */
const KUBERNETES_REASONS = [
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'ContainerCannotRun',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'StartError',
  'PostStartHookError',
] as const;

const PATTERNS: readonly ReasonPattern[] = [
  ...ECS_CODES.map((code) => ({ label: `${code}*`, regex: new RegExp(`\\b${code}\\b`, 'i') })),
  ...KUBERNETES_REASONS.map((reason) => ({ label: reason, regex: new RegExp(`^${reason}\\b`, 'i') })),
];

/** `middleware`: the container platform (ECS/Fargate agent, Docker/containerd, kubelet) failed. */
export const containerRuntimeError: Rule = {
  id: 'container-runtime-error',
  description:
    'An ECS/Fargate agent error code or a Kubernetes container start failure (CannotPullContainerError, ResourceInitializationError, ImagePullBackOff...): middleware.',
  patterns: PATTERNS,
  evaluate: (input) => matchReasonPatterns(input, PATTERNS, 'middleware'),
};
