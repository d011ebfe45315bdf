const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration in seconds as a person reads it, in at most two units, the smaller one rounded: `45 s`,
 * `3 min 11 s`, `2 h 5 min`, `7 days`, `1 day 4 h`. Negative durations read as `0 s`.
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < HOUR) return s < MINUTE ? `${s} s` : twoUnits(s, MINUTE, 'min', 1, 's');
  const minutes = Math.round(s / MINUTE) * MINUTE;
  if (minutes < DAY) return twoUnits(minutes, HOUR, 'h', MINUTE, 'min');
  const hours = Math.round(s / HOUR) * HOUR;
  return twoUnits(hours, DAY, hours < 2 * DAY ? 'day' : 'days', HOUR, 'h');
}

function twoUnits(seconds: number, major: number, majorUnit: string, minor: number, minorUnit: string) {
  const rest = Math.round((seconds % major) / minor);
  const head = `${Math.floor(seconds / major)} ${majorUnit}`;
  return rest === 0 ? head : `${head} ${rest} ${minorUnit}`;
}
