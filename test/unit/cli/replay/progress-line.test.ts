import { describe, expect, it } from 'vitest';
import { formatBytes, formatProgress } from '#cli/replay/progress-line.js';

describe('formatProgress', () => {
  it('draws a bar with the share of the input read when its size is known', () => {
    const line = formatProgress({
      events: 10_000,
      bytes: 1_200_000,
      totalBytes: 4_800_000,
      elapsedMs: 1_250,
    });

    expect(line).toBe(
      'replaying  [######------------------]   25%  1.2 MB of 4.8 MB  10,000 events  8,000 events/s',
    );
  });

  it('shows the bytes read without a bar when the size is not known (stdin)', () => {
    const line = formatProgress({ events: 3_000, bytes: 2_500, elapsedMs: 0 });

    expect(line).toBe('replaying  2.5 kB read  3,000 events  0 events/s');
  });
});

describe('formatBytes', () => {
  it('uses bytes below a kilobyte and one decimal above', () => {
    expect([999, 1_000, 65_003_017, 2_000_000_000].map(formatBytes)).toEqual([
      '999 B',
      '1.0 kB',
      '65.0 MB',
      '2.0 GB',
    ]);
  });
});
