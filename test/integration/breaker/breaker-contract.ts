import { beforeEach, describe, expect, it } from 'vitest';
import type { BreakerKey, BreakerPort, BreakerSettings } from '#core/ports/breaker.js';

/** Builds a fresh breaker store with no failures counted. */
export type BreakerFactory = () => Promise<BreakerPort>;

/** A whole hour, epoch ms: a multiple of every bucket length used below. */
const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);
const SPOT: BreakerKey = { jobQueue: 'spot-queue', failureClass: 'infrastructure' };
const SPOT_ARN: BreakerKey = {
  jobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/spot-queue',
  failureClass: 'infrastructure',
};
/** Opens at 3 failures inside a sliding 60 s (buckets of 6 s), for 120 s. */
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

    /** Failures at `times`, counted at `now` (default: the latest of them). */
    const fail = (times: readonly number[], key = SPOT, settings = SETTINGS, now = Math.max(...times)) =>
      breaker.recordFailures(key, times, settings, now);

    it('counts the failures of one batch in one call, and the next batches on top', async () => {
      const roomy = { ...SETTINGS, threshold: 10 };

      const first = await fail([T0, T0 + 20_000], SPOT, roomy);
      const second = await fail([T0 + 59_000], SPOT, roomy);

      expect(first).toEqual({ count: 2, opened: false });
      expect(second).toEqual({ count: 3, opened: false });
    });

    it('counts failures by when they happened: those a window before now are not counted', async () => {
      const roomy = { ...SETTINGS, threshold: 10 };

      const backlog = await fail([T0 - 600_000, T0 - 300_000, T0 - 61_000, T0 - 30_000], SPOT, roomy, T0);

      expect(backlog.count).toBe(1);
    });

    it('sees a burst that straddles a fixed window boundary (4 just before and 4 just after open a 5-failure breaker)', async () => {
      const settings = { threshold: 5, windowSeconds: 300, cooldownSeconds: 600 };
      const boundary = T0 + 300_000;

      await fail([boundary - 8_000, boundary - 6_000, boundary - 4_000, boundary - 2_000], SPOT, settings);
      const after = await fail(
        [boundary + 1_000, boundary + 2_000, boundary + 3_000, boundary + 4_000],
        SPOT,
        settings,
      );

      expect(after).toEqual({
        count: 8,
        opened: true,
        openUntil: boundary + 4_000 + 600_000,
        parkUntil: boundary + 4_000 + 600_000,
      });
    });

    it('slides: failures older than the window stop counting', async () => {
      await fail([T0, T0 + 1_000]);

      const later = await fail([T0 + 70_000]);

      expect(later).toEqual({ count: 1, opened: false });
      expect(await breaker.pausedUntil(SPOT, T0 + 70_000)).toBeUndefined();
    });

    it('opens at the threshold, until now plus the cooldown, and says so once', async () => {
      await fail([T0, T0 + 1000]);

      const third = await fail([T0 + 2000]);
      const fourth = await fail([T0 + 3000]);

      expect(third).toEqual({
        count: 3,
        opened: true,
        openUntil: T0 + 2000 + 120_000,
        parkUntil: T0 + 2000 + 120_000,
      });
      expect(fourth).toEqual({
        count: 4,
        opened: false,
        openUntil: T0 + 2000 + 120_000,
        parkUntil: T0 + 2000 + 120_000,
      });
    });

    it('tells exactly one of 10 concurrent batches that it opened the breaker', async () => {
      const settings = { ...SETTINGS, threshold: 5 };

      const results = await Promise.all(Array.from({ length: 10 }, () => fail([T0 + 5000], SPOT, settings)));

      expect(results.filter((r) => r.opened)).toEqual([
        {
          count: expect.any(Number),
          opened: true,
          openUntil: T0 + 5000 + 120_000,
          parkUntil: T0 + 5000 + 120_000,
        },
      ]);
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('reports the breaker paused while it is open and not after the cooldown', async () => {
      expect(await breaker.pausedUntil(SPOT, T0)).toBeUndefined();
      await fail([T0, T0 + 1000, T0 + 2000]);
      const openUntil = T0 + 2000 + 120_000;

      expect(await breaker.pausedUntil(SPOT, T0 + 2000)).toBe(openUntil);
      expect(await breaker.pausedUntil(SPOT, openUntil - 1)).toBe(openUntil);
      expect(await breaker.pausedUntil(SPOT, openUntil)).toBeUndefined();
    });

    it('opens again after the cooldown when failures keep coming', async () => {
      await fail([T0, T0 + 1000, T0 + 2000]);
      const later = T0 + 180_000;

      const again = [await fail([later]), await fail([later + 1000]), await fail([later + 2000])];

      expect(again.map((r) => r.opened)).toEqual([false, false, true]);
      expect(await breaker.pausedUntil(SPOT, later + 2000)).toBe(later + 2000 + 120_000);
    });

    it('counts apart for policies that use windows of different lengths on one queue', async () => {
      const minute = { ...SETTINGS, threshold: 10 };
      const hour = { ...SETTINGS, threshold: 10, windowSeconds: 3600 };

      await fail([T0, T0 + 1_000], SPOT, minute);
      const hourly = await fail([T0 + 2_000], SPOT, hour);

      expect(hourly).toEqual({ count: 1, opened: false });
    });

    it('shares one breaker between a queue name and its ARN', async () => {
      await fail([T0], SPOT);
      await fail([T0 + 1000], SPOT_ARN);

      const third = await fail([T0 + 2000], SPOT);

      expect(third.opened).toBe(true);
      expect(await breaker.pausedUntil(SPOT_ARN, T0 + 2000)).toBe(T0 + 2000 + 120_000);
    });

    it('keeps other queues and other classes apart', async () => {
      await fail([T0, T0 + 1000, T0 + 2000]);

      const otherClass = await fail([T0 + 3000], { jobQueue: 'spot-queue', failureClass: 'application' });
      const otherQueue = await fail([T0 + 3000], { jobQueue: 'on-demand', failureClass: 'infrastructure' });

      expect([otherClass, otherQueue]).toEqual([
        { count: 1, opened: false },
        { count: 1, opened: false },
      ]);
      expect(
        await breaker.pausedUntil({ jobQueue: 'on-demand', failureClass: 'infrastructure' }, T0 + 3000),
      ).toBeUndefined();
    });
  });
}
