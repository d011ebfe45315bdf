/** Width of the bar, in characters between the brackets. */
const BAR_WIDTH = 24;

/** What the progress line shows. */
export interface ProgressState {
  readonly events: number;
  /** Input bytes read so far, when counted. */
  readonly bytes?: number;
  /** Size of the whole input, when known (files, not stdin). */
  readonly totalBytes?: number;
  /** Wall-clock milliseconds since the replay started. */
  readonly elapsedMs: number;
}

/**
 * One line of progress for a terminal: a bar and percentage when the input size is known, then the
 * bytes read, the events read and the rate, e.g.
 * `replaying [######------------------]  25%  1.2 MB of 4.8 MB  10,000 events  8,000 events/s`.
 */
export function formatProgress(state: ProgressState): string {
  const parts = ['replaying'];
  const { bytes, totalBytes } = state;
  if (bytes !== undefined && totalBytes !== undefined && totalBytes > 0) {
    const fraction = Math.min(1, bytes / totalBytes);
    const filled = Math.round(fraction * BAR_WIDTH);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`);
    parts.push(`${String(Math.floor(fraction * 100)).padStart(3)}%`);
    parts.push(`${formatBytes(bytes)} of ${formatBytes(totalBytes)}`);
  } else if (bytes !== undefined) {
    parts.push(`${formatBytes(bytes)} read`);
  }
  parts.push(`${state.events.toLocaleString('en-US')} event${state.events === 1 ? '' : 's'}`);
  const rate = state.elapsedMs > 0 ? Math.round((state.events * 1000) / state.elapsedMs) : 0;
  parts.push(`${rate.toLocaleString('en-US')} events/s`);
  return parts.join('  ');
}

/** Bytes in B, kB, MB or GB (powers of 1000), one decimal above bytes. */
export function formatBytes(bytes: number): string {
  const units = ['kB', 'MB', 'GB', 'TB'] as const;
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit: string = 'B';
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}
