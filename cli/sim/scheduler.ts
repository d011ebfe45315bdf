import type { VirtualClock } from '#adapters/memory/index.js';
import { TimeOrderedQueue } from '../time-ordered-queue.js';
import { SimulationLimitError } from './errors.js';

/** A scheduled piece of work. It may be async: the scheduler awaits it before running the next one. */
export type ScheduledTask = () => void | Promise<void>;

/** Default guard for {@link Scheduler.runUntilIdle}: far above any honest run of 2,000 jobs. */
export const DEFAULT_MAX_EVENTS = 5_000_000;

/** What a run did. */
export interface RunSummary {
  /** Callbacks run. */
  readonly events: number;
  /** Virtual time (epoch ms) when the queue became empty. */
  readonly endedAt: number;
}

/**
 * The discrete-event loop: callbacks in a {@link TimeOrderedQueue} keyed by virtual time, ties broken by
 * the order of scheduling (so equal times run first-scheduled first and a seed reproduces a run exactly).
 * Running a callback first moves the clock to its time.
 */
export class Scheduler {
  readonly clock: VirtualClock;
  private readonly queue = new TimeOrderedQueue<ScheduledTask>();

  constructor(clock: VirtualClock) {
    this.clock = clock;
  }

  /** Callbacks waiting to run. */
  get pending(): number {
    return this.queue.size;
  }

  /** Runs `task` at virtual time `time` (epoch ms); a time in the past runs at the current time. */
  at(time: number, task: ScheduledTask): void {
    this.queue.push(Math.max(time, this.clock.now()), task);
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
    for (let entry = this.queue.pop(); entry !== undefined; entry = this.queue.pop()) {
      if (events >= maxEvents) throw new SimulationLimitError(maxEvents, this.clock.now());
      this.clock.advanceTo(entry.time);
      events++;
      await entry.item();
    }
    return { events, endedAt: this.clock.now() };
  }
}
