import { describe, expect, it } from 'vitest';
import { type FailedAttemptFacts, nativeRetryAction } from '#cli/sim/native-retry.js';

const spot: FailedAttemptFacts = { statusReason: 'Host EC2 (instance i-0abc) terminated.', timedOut: false };
const exit3: FailedAttemptFacts = {
  exitCode: 3,
  statusReason: 'Essential container in task exited',
  timedOut: false,
};
const oom: FailedAttemptFacts = {
  exitCode: 137,
  containerReason: 'OutOfMemoryError: Container killed due to memory usage',
  statusReason: 'Essential container in task exited',
  timedOut: false,
};

describe('nativeRetryAction', () => {
  it('gives one attempt when there is no retryStrategy', () => {
    expect(nativeRetryAction(undefined, exit3, 1)).toBe('EXIT');
  });

  it('retries while attempts are left and no rule matches', () => {
    expect(nativeRetryAction({ attempts: 3 }, exit3, 1)).toBe('RETRY');
    expect(nativeRetryAction({ attempts: 3 }, exit3, 2)).toBe('RETRY');
    expect(nativeRetryAction({ attempts: 3 }, exit3, 3)).toBe('EXIT');
  });

  it('lets the first matching rule decide', () => {
    const strategy = {
      attempts: 5,
      evaluateOnExit: [
        { onStatusReason: 'Host EC2*', action: 'RETRY' as const },
        { onExitCode: '3', action: 'EXIT' as const },
        { onExitCode: '*', action: 'RETRY' as const },
      ],
    };

    expect(nativeRetryAction(strategy, spot, 1)).toBe('RETRY');
    expect(nativeRetryAction(strategy, exit3, 1)).toBe('EXIT');
  });

  it('retries when no rule matches, as Batch does', () => {
    const strategy = {
      attempts: 5,
      evaluateOnExit: [{ onReason: 'CannotPullContainerError*', action: 'EXIT' as const }],
    };

    expect(nativeRetryAction(strategy, exit3, 1)).toBe('RETRY');
  });

  it('requires every condition of a rule to match', () => {
    const strategy = {
      attempts: 5,
      evaluateOnExit: [{ onExitCode: '137', onReason: 'OutOfMemoryError*', action: 'exit' as const }],
    };

    expect(nativeRetryAction(strategy, oom, 1)).toBe('EXIT');
    expect(nativeRetryAction(strategy, { ...oom, containerReason: 'Killed' }, 1)).toBe('RETRY');
  });

  it('does not match a prefix exit-code rule when the attempt has no exit code', () => {
    const strategy = { attempts: 5, evaluateOnExit: [{ onExitCode: '1*', action: 'EXIT' as const }] };

    expect(nativeRetryAction(strategy, spot, 1)).toBe('RETRY');
  });

  it('exits for any other reason after the documented "retry host loss, else exit" strategy', () => {
    const strategy = {
      attempts: 5,
      evaluateOnExit: [
        { onStatusReason: 'Host EC2*', action: 'RETRY' as const },
        { onReason: '*', action: 'EXIT' as const },
      ],
    };

    expect(nativeRetryAction(strategy, { exitCode: 1, timedOut: false }, 1)).toBe('EXIT');
  });

  it('never retries an attempt stopped by the job timeout', () => {
    expect(nativeRetryAction({ attempts: 10 }, { exitCode: 137, timedOut: true }, 1)).toBe('EXIT');
  });
});
