import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakerPause } from '#core/decide/breaker-pause.js';

const NOW = Date.UTC(2024, 4, 15, 6, 0, 0);
const SPOT = 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue';
const ON_DEMAND = 'arn:aws:batch:us-east-1:123456789012:job-queue/on-demand-queue';

const pause = (pausedUntil: number | undefined, retryQueue = SPOT) =>
  breakerPause({ pausedUntil, now: NOW, failedQueue: SPOT, retryQueue, failureClass: 'application' });

describe('breakerPause: what an open breaker does to a retry it is about to send', () => {
  it('holds the retry until the breaker closes, rounded up to whole seconds, and says why', () => {
    expect(pause(NOW + 600_500)).toEqual({
      waitSeconds: 601,
      explanation:
        'the breaker for queue spot-queue and class application is open until 2024-05-15T06:10:00.500Z, ' +
        'so the retry waits at least 601 s',
    });
  });

  it('does nothing when the breaker is closed or closed before now', () => {
    expect(pause(undefined)).toBeUndefined();
    expect(pause(NOW)).toBeUndefined();
  });

  it('does not hold a retry that the fallback ladder moves to another queue', () => {
    expect(pause(NOW + 600_000, ON_DEMAND)).toEqual({
      waitSeconds: 0,
      explanation:
        'the breaker for queue spot-queue and class application is open until 2024-05-15T06:10:00.000Z; ' +
        'the retry goes to on-demand-queue, so it does not wait',
    });
  });

  it('never lets a retry to the same queue go before the breaker closes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 * 86_400_000 }), (pauseMs) => {
        const held = pause(NOW + pauseMs);

        expect(NOW + (held?.waitSeconds ?? 0) * 1000).toBeGreaterThanOrEqual(NOW + pauseMs);
      }),
    );
  });
});
