import { describe, expect, it } from 'vitest';
import { containerRuntimeError } from '#core/classify/rules/container-runtime-error.js';
import { ruleInput } from '../rule-input.js';

describe('containerRuntimeError', () => {
  it.each([
    [
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref',
      'CannotPullContainerError*',
    ],
    [
      'CannotStartContainerError: Error response from daemon: failed to create shim task',
      'CannotStartContainerError*',
    ],
    ['CannotCreateContainerError: Error response from daemon: Conflict.', 'CannotCreateContainerError*'],
    [
      'CannotInspectContainerError: Could not transition to inspecting; timed out after waiting 30s',
      'CannotInspectContainerError*',
    ],
    [
      'DockerTimeoutError: Could not transition to created; timed out after waiting 4m0s',
      'DockerTimeoutError*',
    ],
    [
      'ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 1m',
      'ContainerRuntimeTimeoutError*',
    ],
    [
      'ResourceInitializationError: failed to initialize logging driver: failed to create Cloudwatch log stream',
      'ResourceInitializationError*',
    ],
    ["CgroupError: Agent could not create task's platform resources", 'CgroupError*'],
    ['InternalError: failed to do something', 'InternalError*'],
    ['ImagePullBackOff', 'ImagePullBackOff'],
    ['ContainerCannotRun', 'ContainerCannotRun'],
    ['cannotpullcontainererror: lower-case as some tools log it', 'CannotPullContainerError*'],
  ])('gives middleware for "%s"', (reason, pattern) => {
    expect(containerRuntimeError.evaluate(ruleInput({ containerReason: reason }))).toMatchObject({
      kind: 'match',
      class: 'middleware',
      evidence: { field: 'container.reason', pattern, text: reason },
    });
  });

  it('does not match a container killed for memory', () => {
    const input = ruleInput({ containerReason: 'OutOfMemoryError: Container killed due to memory usage' });
    expect(containerRuntimeError.evaluate(input)).toEqual({ kind: 'no-match' });
  });

  it('does not apply to an attempt without a reason', () => {
    expect(containerRuntimeError.evaluate(ruleInput({ exitCode: 1 }))).toEqual({ kind: 'not-applicable' });
  });
});
