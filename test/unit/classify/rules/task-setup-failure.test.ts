import { describe, expect, it } from 'vitest';
import { taskSetupFailure } from '#core/classify/rules/task-setup-failure.js';
import { ruleInput } from '../rule-input.js';

describe('taskSetupFailure', () => {
  it.each([
    ['attempt.statusReason', 'Task failed to start'],
    [
      'container.reason',
      "ECS was unable to assume the role 'arn:aws:iam::123456789012:role/ecsTaskRole' that was provided for this task.",
    ],
    ['container.reason', 'Fetching secret data from SSM Parameter Store in us-east-1: AccessDeniedException'],
    ['container.reason', 'failed to initialize logging driver: failed to create Cloudwatch log stream'],
  ] as const)('gives middleware for the %s "%s"', (field, reason) => {
    const attempt = field === 'container.reason' ? { containerReason: reason } : { statusReason: reason };
    expect(taskSetupFailure.evaluate(ruleInput(attempt))).toMatchObject({
      kind: 'match',
      class: 'middleware',
      evidence: { field, text: reason },
    });
  });

  it('does not match an attempt whose container exited by itself', () => {
    const input = ruleInput({ statusReason: 'Essential container in task exited', exitCode: 2 });
    expect(taskSetupFailure.evaluate(input)).toEqual({ kind: 'no-match' });
  });
});
