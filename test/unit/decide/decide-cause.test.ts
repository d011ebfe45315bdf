import { describe, expect, it } from 'vitest';
import type { Decision } from '#core/decide/decide.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { classified, decideOn } from './decide-fixtures.js';

function actionAndWhy(decision: Decision): string {
  return decision.action === 'EXIT'
    ? `EXIT: ${decision.reason}`
    : `${decision.action}: ${decision.explanation.join('; ')}`;
}

/** The real pull-error fixture, its container reason replaced by `reason`. */
const withPullReason = (reason: string) =>
  classified('ec2-cannot-pull-container', (detail) => {
    const [attempt] = detail.attempts as { container: { reason: string } }[];
    if (attempt !== undefined) attempt.container.reason = reason;
    (detail.container as { reason: string }).reason = reason;
  });

describe('decide: rules on the cause within a class', () => {
  it('retries a throttled pull and gives up on a missing image, under the same policy', () => {
    const policy = loadedPolicy({
      rules: [
        { onCause: ['registry-throttled', 'network-timeout'], action: 'RETRY' },
        { onCause: 'image-not-found', action: 'EXIT' },
      ],
      defaultAction: 'EXIT',
      budgets: { total: 5 },
    });

    const throttled = withPullReason(
      'CannotPullContainerError: Error response from daemon: toomanyrequests: You have reached your pull rate limit.',
    );
    const missing = withPullReason(
      'CannotPullContainerError: Error response from daemon: manifest for reports:v9 not found: manifest unknown',
    );

    expect(actionAndWhy(decideOn(throttled, { policy }))).toMatch(/^RETRY: .*rules\[0\] \(onCause/);
    expect(actionAndWhy(decideOn(missing, { policy }))).toMatch(
      /^EXIT: rules\[1\] \(onCause "image-not-found"\)/,
    );
  });
});
