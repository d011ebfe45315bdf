import { describe, expect, it } from 'vitest';
import { bucketName, bucketSeconds, bucketsToAdd, slidingCount, staleBuckets } from '#core/breaker/index.js';

const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);

describe('the sliding window', () => {
  it('keeps ten buckets per window, at least one second long', () => {
    expect(bucketSeconds(300)).toBe(30);
    expect(bucketSeconds(5)).toBe(1);
    expect(bucketName(T0 + 44_000, 300)).toBe(`b300_${T0 / 1000 + 30}`);
  });

  it('counts the buckets that overlap the window ending now, of its own window length only', () => {
    const buckets = {
      [bucketName(T0, 60)]: 2,
      [bucketName(T0 + 54_000, 60)]: 3,
      [bucketName(T0 - 120_000, 60)]: 9,
      [bucketName(T0, 3600)]: 100,
    };

    expect(slidingCount(buckets, T0 + 59_000, 60)).toBe(5);
    expect(slidingCount(buckets, T0 + 70_000, 60)).toBe(3);
    expect(slidingCount(buckets, T0 + 59_000, 3600)).toBe(100);
  });

  it('adds only failures inside the last window, grouped by bucket, a little future skew allowed', () => {
    const added = bucketsToAdd(
      [T0 - 61_000, T0 - 30_000, T0 - 29_000, T0, T0 + 30_000, T0 + 3_600_000],
      T0,
      60,
    );

    expect([...added]).toEqual([
      [bucketName(T0 - 30_000, 60), 2],
      [bucketName(T0, 60), 2],
    ]);
  });

  it('calls stale the buckets that ended a window or more ago, whatever their window length', () => {
    const names = [
      bucketName(T0 - 200_000, 60),
      bucketName(T0 - 30_000, 60),
      bucketName(T0 - 3_000_000, 3600),
      'openUntil',
    ];

    expect(staleBuckets(names, T0)).toEqual([bucketName(T0 - 200_000, 60)]);
  });
});
