import { describe, expect, it } from 'vitest';
import { parseEvent } from '#core/events/index.js';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';

type Rec = Record<string, unknown>;

const INIT_COMPLETED = { name: 'fetch-inputs', exitCode: 0, reason: 'Completed' };

/** The EKS fixture with one init and one main container, their outcomes replaced by the given ones. */
function eksAttempt(init: readonly Rec[], main: readonly Rec[]) {
  const raw = structuredClone(loadEventFixture('eks-init-container-completed'));
  const [attempt] = raw.detail.eksAttempts as Rec[];
  Object.assign(attempt ?? {}, { initContainers: init, containers: main });
  return parseEvent(raw, 'eks.json').attempts[0];
}

/** The multi-container ECS fixture with its containers' outcomes replaced by the given ones. */
function ecsAttempt(containers: readonly Rec[]) {
  const raw = structuredClone(loadEventFixture('ecs-multi-container-failed'));
  const [attempt] = raw.detail.attempts as Array<{ taskProperties: Array<{ containers: Rec[] }> }>;
  const task = attempt?.taskProperties[0];
  if (task !== undefined) task.containers = [...containers];
  return parseEvent(raw, 'ecs.json').attempts[0];
}

const decisiveName = (attempt: ReturnType<typeof eksAttempt>) =>
  attempt?.containers.find((c) => c.decisive)?.name;

describe('the decisive container of an attempt', () => {
  it('is the main container that exited 1, not the init container that completed before it', () => {
    const attempt = parseEvent(loadEventFixture('eks-init-container-completed'), 'eks.json').attempts[0];

    expect(decisiveName(attempt)).toBe('main');
    expect(attempt).toMatchObject({ exitCode: 1, containerReason: 'Error' });
    expect(attempt?.containers.map((c) => [c.name, c.decisive])).toEqual([
      ['fetch-inputs', false],
      ['main', true],
    ]);
  });

  it('is a failed main container before a failed init container', () => {
    const attempt = eksAttempt(
      [{ name: 'fetch-inputs', exitCode: 2, reason: 'Error' }],
      [{ name: 'main', exitCode: 137, reason: 'OOMKilled' }],
    );

    expect(decisiveName(attempt)).toBe('main');
    expect(attempt?.exitCode).toBe(137);
  });

  it('is the init container that failed when the main container never ran', () => {
    const attempt = eksAttempt([{ name: 'fetch-inputs', exitCode: 1, reason: 'Error' }], [{ name: 'main' }]);

    expect(decisiveName(attempt)).toBe('fetch-inputs');
    expect(attempt).toMatchObject({ exitCode: 1, containerReason: 'Error' });
  });

  it('is the container with a platform reason when no container exited non-zero', () => {
    const attempt = eksAttempt([INIT_COMPLETED], [{ name: 'main', reason: 'ContainerCannotRun' }]);

    expect(decisiveName(attempt)).toBe('main');
    expect(attempt?.containerReason).toBe('ContainerCannotRun');
    expect(attempt?.exitCode).toBeUndefined();
  });

  it('is the first main container when every container completed', () => {
    const attempt = eksAttempt([INIT_COMPLETED], [{ name: 'main', exitCode: 0, reason: 'Completed' }]);

    expect(decisiveName(attempt)).toBe('main');
    expect(attempt).toMatchObject({ exitCode: 0, containerReason: 'Completed' });
  });

  it('ignores an empty reason the way it ignores Completed', () => {
    const attempt = eksAttempt([{ name: 'fetch-inputs', reason: '  ' }], [{ name: 'main', exitCode: 0 }]);

    expect(decisiveName(attempt)).toBe('main');
  });

  it('reads the pod containers the same way when eksAttempts is empty', () => {
    const raw = structuredClone(loadEventFixture('eks-init-container-completed'));
    raw.detail.eksAttempts = [];
    const pod = (raw.detail.eksProperties as { podProperties: { initContainers: Rec[]; containers: Rec[] } })
      .podProperties;
    Object.assign(pod.initContainers[0] ?? {}, INIT_COMPLETED);
    Object.assign(pod.containers[0] ?? {}, { exitCode: 1, reason: 'Error' });

    const attempt = parseEvent(raw, 'eks-pod.json').attempts[0];

    expect(decisiveName(attempt)).toBe('main');
    expect(attempt?.exitCode).toBe(1);
  });

  it('is a later ECS container that exited non-zero before an earlier one that only has a reason', () => {
    const attempt = ecsAttempt([
      { name: 'log-router', exitCode: 0, reason: 'Essential container in task exited' },
      { name: 'app', exitCode: 2 },
    ]);

    expect(decisiveName(attempt)).toBe('app');
    expect(attempt?.exitCode).toBe(2);
  });

  it('is the first ECS container when every container exited 0', () => {
    const attempt = ecsAttempt([
      { name: 'log-router', exitCode: 0 },
      { name: 'app', exitCode: 0 },
    ]);

    expect(decisiveName(attempt)).toBe('log-router');
  });
});
