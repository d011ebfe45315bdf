import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '#adapters/memory/seeded-random.js';
import { type Decision, decide } from '#core/decide/decide.js';
import type { Lineage } from '#core/lineage/types.js';
import { HARD_LIMITS } from '#core/policy/limits.js';
import type { PolicyDocument } from '#core/policy/schema.js';
import { loadedPolicy } from '../../helpers/policies.js';
import { classified, lineageWith, NOW } from './decide-fixtures.js';

const ON_DEMAND = 'arn:aws:batch:us-east-1:123456789012:job-queue/on-demand-queue';
const DAY = 86_400;

/** Retry everything after a fixed delay of `seconds`, no jitter. */
const fixedDelay = (seconds: number, document: Partial<PolicyDocument> = {}) =>
  loadedPolicy({
    defaultAction: 'RETRY',
    backoff: { strategy: 'fixed', baseSeconds: seconds, jitter: 'none' },
    ...document,
  });

function decideWithBreaker(
  fixture: string,
  options: {
    readonly pausedUntil?: number;
    readonly policy?: ReturnType<typeof loadedPolicy>;
    readonly lineage?: Lineage;
  },
): Decision {
  return decide({
    ...classified(fixture),
    lineage: options.lineage,
    policy: options.policy ?? fixedDelay(30),
    now: NOW,
    random: new SeededRandom(1),
    ...(options.pausedUntil === undefined ? {} : { pausedUntil: options.pausedUntil }),
  });
}

function asRetry(decision: Decision): Extract<Decision, { action: 'RETRY' }> {
  if (decision.action !== 'RETRY') throw new Error(`expected RETRY, got ${JSON.stringify(decision)}`);
  return decision;
}

describe('decide: an open breaker', () => {
  it('delays a retry until the breaker closes, rounded up to whole seconds, and says why', () => {
    const pausedUntil = NOW + 600_500;

    const decision = asRetry(decideWithBreaker('application-exit-1', { pausedUntil }));

    expect(decision.delaySeconds).toBe(601);
    expect(decision.explanation).toContain(
      'the breaker for queue spot-queue and class application is open until 2024-05-15T06:10:00.500Z, ' +
        'so the retry waits at least 601 s',
    );
    expect(decision.explanation.at(-1)).toBe('retry in 601 s');
  });

  it('keeps a backoff that is already longer than the pause', () => {
    const decision = asRetry(
      decideWithBreaker('application-exit-1', { pausedUntil: NOW + 600_000, policy: fixedDelay(1200) }),
    );

    expect(decision.delaySeconds).toBe(1200);
  });

  it('changes nothing when the breaker is closed or closed before now', () => {
    const closed = asRetry(decideWithBreaker('application-exit-1', {}));
    const expired = asRetry(decideWithBreaker('application-exit-1', { pausedUntil: NOW }));

    expect(closed.delaySeconds).toBe(30);
    expect(expired).toEqual(closed);
    expect(closed.explanation.join('; ')).not.toContain('breaker');
  });

  it('never waits longer than the hard limit on one delay', () => {
    const policy = fixedDelay(30, { budgets: { maxLineageAgeSeconds: HARD_LIMITS.maxLineageAgeSeconds } });

    const decision = asRetry(
      decideWithBreaker('application-exit-1', {
        pausedUntil: NOW + (HARD_LIMITS.maxDelaySeconds + 3600) * 1000,
        policy,
      }),
    );

    expect(decision.delaySeconds).toBe(HARD_LIMITS.maxDelaySeconds);
  });

  it('gives up when waiting for the breaker would carry the lineage past its age limit', () => {
    const policy = fixedDelay(30, { budgets: { maxLineageAgeSeconds: 3600 } });
    const lineage = lineageWith({ counts: { application: 1 }, ageSeconds: 3000 });

    const decision = decideWithBreaker('application-exit-1', { pausedUntil: NOW + 900_000, policy, lineage });

    expect(decision).toMatchObject({
      action: 'EXIT',
      reason: 'the lineage would be 3900 s old at the retry, over its limit of 3600 s',
    });
    expect(decision.explanation.join('; ')).toContain('the breaker for queue spot-queue');
  });

  it('does not hold a retry that the fallback ladder moves to another queue', () => {
    const policy = fixedDelay(30, {
      budgets: { total: 5 },
      fallback: { infrastructure: { ladder: [{ afterFailures: 2, jobQueue: ON_DEMAND }] } },
    });
    const lineage = lineageWith({ counts: { infrastructure: 1 } });

    const decision = asRetry(
      decideWithBreaker('ec2-spot-host-terminated', { pausedUntil: NOW + 600_000, policy, lineage }),
    );

    expect(decision).toMatchObject({ jobQueue: ON_DEMAND, delaySeconds: 30 });
    expect(decision.explanation).toContain(
      'the breaker for queue spot-queue and class infrastructure is open until 2024-05-15T06:10:00.000Z; ' +
        'the retry goes to on-demand-queue, so it does not wait',
    );
  });

  it('leaves a decision to give up as it is', () => {
    const policy = fixedDelay(30, { rules: [{ onExitCode: '1', action: 'EXIT' }] });

    const withBreaker = decideWithBreaker('application-exit-1', { pausedUntil: NOW + 600_000, policy });

    expect(withBreaker).toEqual(decideWithBreaker('application-exit-1', { policy }));
  });

  it('always retries no earlier than the breaker closes, within the hard delay limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 1, max: 7 * DAY * 1000 }),
        (backoffSeconds, pauseMs) => {
          const policy = fixedDelay(backoffSeconds, {
            budgets: { maxLineageAgeSeconds: HARD_LIMITS.maxLineageAgeSeconds },
          });

          const decision = asRetry(
            decideWithBreaker('application-exit-1', { pausedUntil: NOW + pauseMs, policy }),
          );

          expect(decision.delaySeconds).toBe(
            Math.min(Math.max(backoffSeconds, Math.ceil(pauseMs / 1000)), HARD_LIMITS.maxDelaySeconds),
          );
          expect(NOW + decision.delaySeconds * 1000).toBeGreaterThanOrEqual(NOW + pauseMs);
        },
      ),
    );
  });
});
