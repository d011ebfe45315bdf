import { describe, expect, it } from 'vitest';
import { TimeOrderedQueue } from '#cli/time-ordered-queue.js';

function drain<T>(buffer: TimeOrderedQueue<T>): T[] {
  const out: T[] = [];
  for (let next = buffer.pop(); next !== undefined; next = buffer.pop()) out.push(next.item);
  return out;
}

describe('TimeOrderedQueue', () => {
  it('releases items earliest first whatever order they came in', () => {
    const buffer = new TimeOrderedQueue<string>();
    const times = [50, 10, 40, 30, 20, 60, 0];

    for (const time of times) buffer.push(time, `t${time}`);

    expect(buffer.size).toBe(times.length);
    expect(drain(buffer)).toEqual(['t0', 't10', 't20', 't30', 't40', 't50', 't60']);
  });

  it('keeps arrival order among items with the same time', () => {
    const buffer = new TimeOrderedQueue<string>();

    for (const item of ['a', 'b', 'c', 'd']) buffer.push(7, item);
    buffer.push(3, 'early');

    expect(drain(buffer)).toEqual(['early', 'a', 'b', 'c', 'd']);
  });

  it('sorts a thousand shuffled times exactly and then reports empty', () => {
    const buffer = new TimeOrderedQueue<number>();
    const times = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);

    for (const time of times) buffer.push(time, time);

    expect(drain(buffer)).toEqual([...times].sort((a, b) => a - b));
    expect(buffer.pop()).toBeUndefined();
    expect(buffer.size).toBe(0);
  });
});
