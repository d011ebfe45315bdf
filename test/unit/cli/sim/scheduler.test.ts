import { describe, expect, it } from 'vitest';
import { VirtualClock } from '#adapters/memory/virtual-clock.js';
import { SimulationLimitError } from '#cli/sim/errors.js';
import { Scheduler } from '#cli/sim/scheduler.js';

describe('Scheduler', () => {
  it('runs callbacks in virtual-time order and moves the clock to each one', async () => {
    const clock = new VirtualClock(1_000);
    const scheduler = new Scheduler(clock);
    const seen: [string, number][] = [];
    scheduler.at(3_000, () => {
      seen.push(['c', clock.now()]);
    });
    scheduler.at(2_000, () => {
      seen.push(['b', clock.now()]);
    });

    const summary = await scheduler.runUntilIdle();

    expect(seen).toEqual([
      ['b', 2_000],
      ['c', 3_000],
    ]);
    expect(summary).toEqual({ events: 2, endedAt: 3_000 });
  });

  it('runs callbacks due at the same time in the order they were scheduled', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) {
      scheduler.at(i % 2 === 0 ? 10 : 5, () => {
        seen.push(i);
      });
    }

    await scheduler.runUntilIdle();

    const odd = Array.from({ length: 25 }, (_, k) => 2 * k + 1);
    const even = Array.from({ length: 25 }, (_, k) => 2 * k);
    expect(seen).toEqual([...odd, ...even]);
  });

  it('awaits async callbacks and runs the work they schedule', async () => {
    const clock = new VirtualClock(0);
    const scheduler = new Scheduler(clock);
    const seen: number[] = [];
    scheduler.after(100, async () => {
      await Promise.resolve();
      scheduler.after(50, () => {
        seen.push(clock.now());
      });
      seen.push(clock.now());
    });

    await scheduler.runUntilIdle();

    expect(seen).toEqual([100, 150]);
  });

  it('runs a callback scheduled in the past at the current time', async () => {
    const clock = new VirtualClock(500);
    const scheduler = new Scheduler(clock);
    let at = -1;
    scheduler.at(100, () => {
      at = clock.now();
    });

    await scheduler.runUntilIdle();

    expect(at).toBe(500);
  });

  it('stops a run that never ends with a SimulationLimitError', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    const loop = (): void => scheduler.after(1_000, loop);
    loop();

    const run = scheduler.runUntilIdle({ maxEvents: 100 });

    await expect(run).rejects.toBeInstanceOf(SimulationLimitError);
    await expect(run).rejects.toThrow(/stopped after 100 scheduled events/);
  });

  it('keeps time order across many random insertions', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    const times: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const t = (i * 7919) % 1_000;
      scheduler.at(t, () => {
        times.push(t);
      });
    }

    await scheduler.runUntilIdle();

    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times).toHaveLength(5_000);
  });
});

describe('VirtualClock', () => {
  it('refuses to go back in time', () => {
    const clock = new VirtualClock(1_000);

    expect(() => clock.advanceTo(999)).toThrow(RangeError);
  });
});
