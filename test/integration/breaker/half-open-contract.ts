import { beforeEach, describe, expect, it } from 'vitest';
import { probePlan } from '#core/breaker/index.js';
import type { BreakerKey, BreakerPort, BreakerSettings } from '#core/ports/breaker.js';
import type { BreakerFactory } from './breaker-contract.js';

const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);
const REGISTRY: BreakerKey = { jobQueue: 'prod-spot', failureClass: 'middleware' };
/** Opens at 2 failures in 60 s, for 120 s: probes get a 40 s window (a third of the cooldown, at least 30 s). */
const SETTINGS: BreakerSettings = { threshold: 2, windowSeconds: 60, cooldownSeconds: 120 };
const PLAN = probePlan(SETTINGS.cooldownSeconds);
const OPENED_AT = T0 + 1000;
const COOLDOWN_END = OPENED_AT + 120_000;

/** The half-open phase every BreakerPort implementation must show (in memory, and DynamoDB through dynalite). */
export function describeHalfOpenContract(name: string, factory: BreakerFactory): void {
  describe(`${name} (half-open contract)`, () => {
    let breaker: BreakerPort;
    beforeEach(async () => {
      breaker = await factory();
      await breaker.recordFailures(REGISTRY, [T0, OPENED_AT], SETTINGS, OPENED_AT);
    });

    it('keeps parked retries waiting until the cooldown ends', async () => {
      expect(await breaker.admit(REGISTRY, COOLDOWN_END - 1, PLAN)).toEqual({
        kind: 'open',
        until: COOLDOWN_END,
      });
    });

    it('lets exactly three parked retries go first as probes after the cooldown, then makes the rest wait for their window', async () => {
      const at = COOLDOWN_END + 5_000;
      const answers = await Promise.all(Array.from({ length: 6 }, () => breaker.admit(REGISTRY, at, PLAN)));

      expect(answers.filter((a) => a.kind === 'probe')).toEqual(
        Array.from({ length: 3 }, () => ({ kind: 'probe', openedAt: OPENED_AT })),
      );
      expect(answers.filter((a) => a.kind === 'wait')).toEqual(
        Array.from({ length: 3 }, () => ({ kind: 'wait', until: at + PLAN.probeSeconds * 1000 })),
      );
    });

    it('closes once the probe window passes, telling only the first caller, and lets everyone go', async () => {
      const probeAt = COOLDOWN_END + 5_000;
      await breaker.admit(REGISTRY, probeAt, PLAN);
      const after = probeAt + PLAN.probeSeconds * 1000;

      const answers = await Promise.all(
        Array.from({ length: 4 }, () => breaker.admit(REGISTRY, after, PLAN)),
      );

      expect(answers.filter((a) => a.kind === 'closed-now')).toEqual([
        { kind: 'closed-now', closedAt: after, openedAt: OPENED_AT },
      ]);
      expect(answers.filter((a) => a.kind === 'closed')).toEqual(
        Array.from({ length: 3 }, () => ({ kind: 'closed', closedAt: after })),
      );
      expect(await breaker.recordFailures(REGISTRY, [after + 1000], SETTINGS, after + 1000)).toEqual({
        count: 1,
        opened: false,
      });
    });

    it('opens again for a new cooldown when a probe fails the same way, once however many probes fail', async () => {
      const probeAt = COOLDOWN_END + 5_000;
      await breaker.admit(REGISTRY, probeAt, PLAN);
      const failedAt = probeAt + 20_000;

      const reopened = await Promise.all([
        breaker.reopen(REGISTRY, OPENED_AT, SETTINGS.cooldownSeconds, failedAt),
        breaker.reopen(REGISTRY, OPENED_AT, SETTINGS.cooldownSeconds, failedAt),
      ]);

      expect(reopened.sort()).toEqual([false, true]);
      expect(await breaker.admit(REGISTRY, failedAt + 1, PLAN)).toEqual({
        kind: 'open',
        until: failedAt + 120_000,
      });
      expect(await breaker.admit(REGISTRY, failedAt + 120_000, PLAN)).toEqual({
        kind: 'probe',
        openedAt: failedAt,
      });
    });

    it('ignores a probe of an opening that is over, and a probe of another breaker', async () => {
      const probeAt = COOLDOWN_END + 5_000;
      await breaker.admit(REGISTRY, probeAt, PLAN);
      await breaker.admit(REGISTRY, probeAt + PLAN.probeSeconds * 1000, PLAN);

      expect(await breaker.reopen(REGISTRY, OPENED_AT, 120, probeAt + 50_000)).toBe(false);
      expect(
        await breaker.reopen({ ...REGISTRY, failureClass: 'application' }, OPENED_AT, 120, probeAt),
      ).toBe(false);
    });

    it('parks new retries while half-open: until the probe window ends, or a moment while no probe has gone', async () => {
      const at = COOLDOWN_END + 1_000;
      const beforeProbes = await breaker.recordFailures(REGISTRY, [at], { ...SETTINGS, threshold: 50 }, at);
      await breaker.admit(REGISTRY, at, PLAN);
      const duringProbes = await breaker.recordFailures(
        REGISTRY,
        [at + 1],
        { ...SETTINGS, threshold: 50 },
        at + 1,
      );

      expect(beforeProbes.parkUntil).toBe(at + 1000);
      expect(duringProbes.parkUntil).toBe(at + PLAN.probeSeconds * 1000);
    });
  });
}
