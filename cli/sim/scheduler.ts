import type { VirtualClock } from '#adapters/memory/virtual-clock.js';
import { SimulationLimitError } from './errors.js';

/** A scheduled piece of work. It may be async: the scheduler awaits it before running the next one. */
export type ScheduledTask = () => void | Promise<void>;

/** Default guard for {@link Scheduler.runUntilIdle}: far above any honest run of 2,000 jobs. */
export const DEFAULT_MAX_EVENTS = 5_000_000;

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly task: ScheduledTask;
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** What a run did. */
export interface RunSummary {
  /** Callbacks run. */
  readonly events: number;
  /** Virtual time (epoch ms) when the queue became empty. */
  readonly endedAt: number;
}

/**
 * The discrete-event loop: a binary min-heap of callbacks keyed by virtual time, ties broken by the
 * order of scheduling (so equal times run first-scheduled first and a seed reproduces a run exactly).
 * Running a callback first moves the clock to its time.
 */
export class Scheduler {
  readonly clock: VirtualClock;
  private readonly heap: Entry[] = [];
  private seq = 0;

  constructor(clock: VirtualClock) {
    this.clock = clock;
  }

  /** Callbacks waiting to run. */
  get pending(): number {
    return this.heap.length;
  }

  /** Runs `task` at virtual time `time` (epoch ms); a time in the past runs at the current time. */
  at(time: number, task: ScheduledTask): void {
    this.push({ at: Math.max(time, this.clock.now()), seq: this.seq++, task });
  }

  /** Runs `task` `delayMs` milliseconds of virtual time from now. */
  after(delayMs: number, task: ScheduledTask): void {
    this.at(this.clock.now() + Math.max(0, delayMs), task);
  }

  /**
   * Runs callbacks in time order until none is left. Callbacks may schedule more. Throws
   * {@link SimulationLimitError} when more than `maxEvents` callbacks ran (default {@link DEFAULT_MAX_EVENTS}).
   */
  async runUntilIdle(options: { readonly maxEvents?: number } = {}): Promise<RunSummary> {
    const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    let events = 0;
    for (let entry = this.pop(); entry !== undefined; entry = this.pop()) {
      if (events >= maxEvents) throw new SimulationLimitError(maxEvents, this.clock.now());
      this.clock.advanceTo(entry.at);
      events++;
      await entry.task();
    }
    return { events, endedAt: this.clock.now() };
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right] as Entry, heap[left] as Entry)) child = right;
      const c = heap[child] as Entry;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
