import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * How big the reliability suite runs: small in `npm test`, full with `RELIABILITY_SCALE=full` (which
 * `npm run bench` sets, with `RELIABILITY_REPORT` naming the file it reads the reports from).
 */
export const FULL_SCALE = process.env.RELIABILITY_SCALE === 'full';

/** `small` in npm test, `full` at full scale. */
export function scaled(small: number, full: number): number {
  return FULL_SCALE ? full : small;
}

/** How long one reliability test may take: generous, since the machine is shared; it is not a timing. */
export const TIMEOUT_MS = scaled(120_000, 900_000);

/** What one reliability run tried and what it lost (every `lost` count must be 0), and what it timed. */
export interface RunReport {
  /** Stable id, the key of its figures in bench/results.json (`reliability.<key>`). */
  readonly key: string;
  /** What was checked, in words. */
  readonly check: string;
  readonly tried: Readonly<Record<string, number>>;
  readonly lost: Readonly<Record<string, number>>;
  /** Timings taken at full scale only (the key names the unit), for the bench to compare with targets. */
  readonly timed?: Readonly<Record<string, number>>;
}

const list = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .map(([what, n]) => `${n.toLocaleString('en-US')} ${what}`)
    .join(', ');

/**
 * Prints what a run tried and lost, one line, and appends it to `RELIABILITY_REPORT` when set.
 * Call it before asserting, so that a failing run still says what it lost.
 */
export function report(run: RunReport): void {
  const timed = run.timed === undefined ? '' : `; timed: ${list(run.timed)}`;
  console.log(`reliability ${run.check}: tried ${list(run.tried)}; lost ${list(run.lost)}${timed}`);
  const file = process.env.RELIABILITY_REPORT;
  if (file !== undefined) appendFileSync(file, `${JSON.stringify({ ...run, fullScale: FULL_SCALE })}\n`);
}

/** The sum of every `lost` count of a report: what the run's assertion expects to be 0. */
export function totalLost(run: RunReport): number {
  return Object.values(run.lost).reduce((a, b) => a + b, 0);
}

/** Reports `run`, then fails the test when it lost anything. */
export function expectNothingLost(run: RunReport): void {
  report(run);
  expect(totalLost(run), `${run.check} lost work`).toBe(0);
}
