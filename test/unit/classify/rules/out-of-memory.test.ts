import { describe, expect, it } from 'vitest';
import { outOfMemory } from '#core/classify/rules/out-of-memory.js';
import { ruleInput } from '../rule-input.js';

describe('outOfMemory', () => {
  it.each([
    'OutOfMemoryError: Container killed due to memory usage',
    'OutOfMemoryError: container killed due to memory usage',
    'OOMKilled',
    'CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: container init was OOM-killed (memory limit too low?): unknown',
    'The node was low on resource: memory. Threshold quantity: 100Mi, available: 12Mi.',
    'Pod ephemeral local storage usage exceeds the total limit of containers 1Gi.',
    'The node was low on resource: ephemeral-storage. Threshold quantity: 1Gi, available: 512Mi.',
  ])('gives resource for "%s"', (reason) => {
    expect(outOfMemory.evaluate(ruleInput({ containerReason: reason, exitCode: 137 }))).toMatchObject({
      kind: 'match',
      class: 'resource',
      evidence: { attempt: 0, field: 'container.reason', text: reason },
    });
  });

  it('finds the OOM in a reason cut at 255 characters that spans lines', () => {
    const reason = `OutOfMemoryError:\ncontainer killed due to memory usage ${'x'.repeat(300)}`.slice(0, 255);
    expect(outOfMemory.evaluate(ruleInput({ containerReason: reason }))).toMatchObject({ class: 'resource' });
  });

  it('does not match an exit code 137 with an unrelated reason', () => {
    const input = ruleInput({ containerReason: 'Essential container in task exited', exitCode: 137 });
    expect(outOfMemory.evaluate(input)).toEqual({ kind: 'no-match' });
  });

  it('does not apply to exit code 137 without any reason', () => {
    expect(outOfMemory.evaluate(ruleInput({ exitCode: 137 }))).toEqual({ kind: 'not-applicable' });
  });

  it('ignores an operator reason that mentions memory', () => {
    const input = ruleInput(
      { exitCode: 143 },
      { statusReason: 'killing it: memory leak, OutOfMemoryError expected' },
    );
    expect(outOfMemory.evaluate(input)).toEqual({ kind: 'not-applicable' });
  });
});
