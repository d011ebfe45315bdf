import { beforeEach, describe, expect, it } from 'vitest';
import type { BreakerKey, BreakerPort, BreakerSettings } from '#core/ports/breaker.js';

/** Builds a fresh breaker store with no failures counted. */
export type BreakerFactory = () => Promise<BreakerPort>;

/** Start of a window for every window length used below (a whole hour, epoch ms). */
const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);
const SPOT: BreakerKey = { jobQueue: 'spot-queue', failureClass: 'infrastructure' };
const SPOT_ARN: BreakerKey = {
  jobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/spot-queue',
  failureClass: 'infrastructure',
};
/** Opens at 3 failures inside 60 s, for 120 s. */
const SETTINGS: BreakerSettings = { threshold: 3, windowSeconds: 60, cooldownSeconds: 120 };

/**
 * The behaviour every BreakerPort implementation must show, run against each one (in memory, and
 * DynamoDB through dynalite).
 */
export function describeBreakerContract(name: string, factory: BreakerFactory): void {
  describe(`${name} (breaker contract)`, () => {
    let breaker: BreakerPort;
    beforeEach(async () => {
      breaker = await factory();
    });

    const fail = (at: number, key = SPOT, settings = SETTINGS) => breaker.recordFailure(key, at, settings);

    it('counts failures that fall inside one window', async () => {
      const roomy = { ...SETTINGS, threshold: 10 };

      const results = [await fail(T0, SPOT, roomy), await fail(T0 + 20_000, SPOT, roomy)];
      results.push(await fail(T0 + 59_999, SPOT, roomy));

      expect(results).toEqual([
        { count: 1, opened: false },
        { count: 2, opened: false },
        { count: 3, opened: false },
      ]);
    });

    it('counts apart for policies that use windows of different lengths on one queue', async () => {
      const minute = { ...SETTINGS, threshold: 10 };
      const hour = { ...SETTINGS, threshold: 10, windowSeconds: 3600 };

      await fail(T0, SPOT, minute);
      await fail(T0 + 1_000, SPOT, minute);
      const hourly = await fail(T0 + 2_000, SPOT, hour);

      expect(hourly).toEqual({ count: 1, opened: false });
    });

    it('starts counting again from 1 in the next window', async () => {
      await fail(T0 + 30_000);
      await fail(T0 + 40_000);

      const next = await fail(T0 + 60_000);

      expect(next).toEqual({ count: 1, opened: false });
      expect(await breaker.pausedUntil(SPOT, T0 + 60_000)).toBeUndefined();
    });

    it('opens at the threshold, until the failure time plus the cooldown, and says so once', async () => {
      await fail(T0);
      await fail(T0 + 1000);

      const third = await fail(T0 + 2000);
      const fourth = await fail(T0 + 3000);

      expect(third).toEqual({ count: 3, opened: true, openUntil: T0 + 2000 + 120_000 });
      expect(fourth).toEqual({ count: 4, opened: false });
    });

    it('tells exactly one of 10 concurrent failures that it opened the breaker', async () => {
      const settings = { ...SETTINGS, threshold: 5 };

      const results = await Promise.all(Array.from({ length: 10 }, () => fail(T0 + 5000, SPOT, settings)));

      expect(results.filter((r) => r.opened)).toEqual([
        { count: expect.any(Number), opened: true, openUntil: T0 + 5000 + 120_000 },
      ]);
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('reports the breaker paused while it is open and not after the cooldown', async () => {
      expect(await breaker.pausedUntil(SPOT, T0)).toBeUndefined();
      for (const at of [T0, T0 + 1000, T0 + 2000]) await fail(at);
      const openUntil = T0 + 2000 + 120_000;

      expect(await breaker.pausedUntil(SPOT, T0 + 2000)).toBe(openUntil);
      expect(await breaker.pausedUntil(SPOT, openUntil - 1)).toBe(openUntil);
      expect(await breaker.pausedUntil(SPOT, openUntil)).toBeUndefined();
    });

    it('opens again after the cooldown when failures keep coming', async () => {
      for (const at of [T0, T0 + 1000, T0 + 2000]) await fail(at);
      const later = T0 + 180_000;

      const again = [await fail(later), await fail(later + 1000), await fail(later + 2000)];

      expect(again.map((r) => r.opened)).toEqual([false, false, true]);
      expect(await breaker.pausedUntil(SPOT, later + 2000)).toBe(later + 2000 + 120_000);
    });

    it('shares one breaker between a queue name and its ARN', async () => {
      await fail(T0, SPOT);
      await fail(T0 + 1000, SPOT_ARN);

      const third = await fail(T0 + 2000, SPOT);

      expect(third.opened).toBe(true);
      expect(await breaker.pausedUntil(SPOT_ARN, T0 + 2000)).toBe(T0 + 2000 + 120_000);
    });

    it('keeps other queues and other classes apart', async () => {
      for (const at of [T0, T0 + 1000, T0 + 2000]) await fail(at);

      const otherClass = await fail(T0 + 3000, { jobQueue: 'spot-queue', failureClass: 'application' });
      const otherQueue = await fail(T0 + 3000, { jobQueue: 'on-demand', failureClass: 'infrastructure' });

      expect([otherClass, otherQueue]).toEqual([
        { count: 1, opened: false },
        { count: 1, opened: false },
      ]);
      expect(
        await breaker.pausedUntil({ jobQueue: 'on-demand', failureClass: 'infrastructure' }, T0 + 3000),
      ).toBeUndefined();
      expect(
        await breaker.pausedUntil({ jobQueue: 'spot-queue', failureClass: 'application' }, T0 + 3000),
      ).toBeUndefined();
    });
  });
}
