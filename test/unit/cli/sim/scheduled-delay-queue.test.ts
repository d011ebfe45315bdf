import { describe, expect, it } from 'vitest';
import { VirtualClock } from '#adapters/memory/virtual-clock.js';
import { ScheduledDelayQueue } from '#cli/sim/scheduled-delay-queue.js';
import { Scheduler } from '#cli/sim/scheduler.js';

describe('ScheduledDelayQueue', () => {
  it('hands each message to the consumer after its delay in virtual time', async () => {
    const clock = new VirtualClock(0);
    const scheduler = new Scheduler(clock);
    const received: [string, number][] = [];
    const queue = new ScheduledDelayQueue<{ id: string }>(scheduler, (m) => {
      received.push([m.id, clock.now()]);
    });

    await queue.send({ id: 'late' }, 900);
    await queue.send({ id: 'now' }, 0);
    await scheduler.runUntilIdle();

    expect(received).toEqual([
      ['now', 0],
      ['late', 900_000],
    ]);
    expect(queue.sent).toBe(2);
  });

  it('delivers a copy, so later changes by the sender do not leak into the message', async () => {
    const scheduler = new Scheduler(new VirtualClock(0));
    const received: { n: number }[] = [];
    const queue = new ScheduledDelayQueue<{ n: number }>(scheduler, (m) => void received.push(m));
    const message = { n: 1 };

    await queue.send(message, 10);
    message.n = 2;
    await scheduler.runUntilIdle();

    expect(received).toEqual([{ n: 1 }]);
  });

  it('rejects a delay SQS would reject', async () => {
    const queue = new ScheduledDelayQueue<string>(new Scheduler(new VirtualClock(0)), () => undefined);

    await expect(queue.send('m', 901)).rejects.toThrow(/DelaySeconds 901/);
    await expect(queue.send('m', 1.5)).rejects.toThrow(/whole number/);
  });
});
