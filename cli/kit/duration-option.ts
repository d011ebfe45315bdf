import { Option } from 'commander';
import { unusableInput } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  sec: 1_000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const DURATION = /^(\d{1,9}(?:\.\d+)?)\s*(s|sec|m|min|h|d|days?)$/i;

/** `text` as a duration in ms (`90s`, `30m`, `24h`, `7d`), or undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  const unit = UNIT_MS[(match[2] ?? '').toLowerCase()];
  const ms = Number(match[1]) * (unit ?? Number.NaN);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

/** `text` as a duration in ms, or exits 2 naming `flag`. */
function parseDuration(flag: string, text: string): number {
  const ms = durationMs(text);
  if (ms !== undefined) return ms;
  throw unusableInput(
    `${flag} ${JSON.stringify(text)}`,
    'is not a duration; give a number and a unit: 90s, 30m, 24h or 7d',
  );
}

/** A duration option (`--since 24h`), parsed to ms; `shown` is its default as a person reads it. */
export function durationOption(flags: string, description: string, shown?: string): Option {
  const flag = flags.split(/[ ,]/)[0] ?? flags;
  const option = new Option(flags, description).argParser((text: string) => parseDuration(flag, text));
  return shown === undefined ? option : option.default(undefined, shown);
}

/**
 * A point in time given as a duration from now (`2h`) or an ISO-8601 time with its zone
 * (`2026-12-06T08:00:00Z`), as epoch ms; exits 2 naming `flag` otherwise.
 */
export function parseMoment(flag: string, text: string, now: number): number {
  const ms = durationMs(text);
  if (ms !== undefined) return now + ms;
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim())
    ? Date.parse(text)
    : Number.NaN;
  if (Number.isFinite(at)) return at;
  throw unusableInput(
    `${flag} ${JSON.stringify(text)}`,
    'is neither a duration from now (2h, 1d) nor an ISO-8601 time with its zone (2026-12-06T08:00:00Z)',
  );
}
