import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bound a figure must stay within: `value <op> bound`. */
export interface Target {
  readonly op: '<=' | '>=' | '==';
  readonly bound: number;
}

/** One measured number: a row of the printed table and a key of bench/results.json. */
export interface Measurement {
  /** Stable key in bench/results.json, `<figure id>.<what>` (e.g. `decision-cpu.spot-reclaim`). */
  readonly key: string;
  /** What the row says, for a person. */
  readonly label: string;
  /** The value; NaN when it could not be measured (it then fails its target). */
  readonly value: number;
  /** Unit of `value`, e.g. `x JSON.parse`, `requests`, `KiB`, `MiB`, `USD per 1M retried failures`. */
  readonly unit: string;
  /** Absent for figures reported without a target (sizes, throughput). */
  readonly target?: Target;
  /** One short line of context printed under the table (how it was measured, what it is made of). */
  readonly note?: string;
}

/** Work several figures share, computed once per run (e.g. the bundles, the end-to-end run). */
export interface BenchContext {
  /** A scratch directory for this run, removed when the run ends. */
  readonly scratch: string;
  /** `compute()` the first time `name` is asked for, the same promise afterwards. */
  shared<T>(name: string, compute: () => Promise<T>): Promise<T>;
  /** Prints a progress line on stderr (the table goes to stdout). */
  progress(line: string): void;
}

/**
 * One figure of `npm run bench`: a small module registered in bench/figures/index.ts. Each measures
 * only what exists on this branch; a figure that needs more (another function, a storm run) is a new
 * module added to that list.
 */
export interface Figure {
  /** Short id: the key prefix in results.json and the value of `npm run bench -- --only <id>`. */
  readonly id: string;
  /** Heading, numbered as in issue 17 (e.g. `1. Decision path CPU`). */
  readonly title: string;
  measure(context: BenchContext): Promise<readonly Measurement[]>;
}

/** True when `value` meets `target`; undefined when there is no target. */
export function meets(value: number, target: Target | undefined): boolean | undefined {
  if (target === undefined) return undefined;
  if (Number.isNaN(value)) return false;
  if (target.op === '<=') return value <= target.bound;
  if (target.op === '>=') return value >= target.bound;
  return value === target.bound;
}

/** `≤ 3`, `≥ 0.9`, `= 0`. */
export function targetText(target: Target | undefined): string {
  if (target === undefined) return '';
  const op = { '<=': '≤', '>=': '≥', '==': '=' }[target.op];
  return `${op} ${target.bound.toLocaleString('en-US')}`;
}

/** A context whose scratch directory lives in os.tmpdir(). */
export function createContext(): BenchContext {
  const scratch = mkdtempSync(join(tmpdir(), 'batch-retry-bench-'));
  const memo = new Map<string, Promise<unknown>>();
  return {
    scratch,
    shared<T>(name: string, compute: () => Promise<T>): Promise<T> {
      let found = memo.get(name) as Promise<T> | undefined;
      if (found === undefined) {
        found = compute();
        memo.set(name, found);
      }
      return found;
    },
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  };
}

/** The median of `values` (the lower middle for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}
