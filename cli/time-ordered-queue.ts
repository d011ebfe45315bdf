interface Entry<T> {
  readonly time: number;
  /** Arrival number: equal times leave in the order they came in. */
  readonly seq: number;
  readonly item: T;
}

/**
 * A binary min-heap of items by time (epoch ms), ties broken by arrival order, so equal times leave
 * in the order they came in. The simulator's scheduler runs callbacks from it in virtual-time order;
 * the replay holds its window of events in it to put events that arrive a little out of order back
 * into time order while holding a bounded number of them.
 */
export class TimeOrderedQueue<T> {
  readonly #heap: Entry<T>[] = [];
  #seq = 0;

  /** How many items are held. */
  get size(): number {
    return this.#heap.length;
  }

  push(time: number, item: T): void {
    const heap = this.#heap;
    heap.push({ time, seq: this.#seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the earliest item with its time, or undefined when empty. */
  pop(): { readonly time: number; readonly item: T } | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      heap[0] = last;
      this.#siftDown();
    }
    return { time: top.time, item: top.item };
  }

  #siftDown(): void {
    const n = this.#heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < n && this.#before(left, least)) least = left;
      if (right < n && this.#before(right, least)) least = right;
      if (least === i) return;
      this.#swap(i, least);
      i = least;
    }
  }

  #before(a: number, b: number): boolean {
    const x = this.#heap[a] as Entry<T>;
    const y = this.#heap[b] as Entry<T>;
    return x.time < y.time || (x.time === y.time && x.seq < y.seq);
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    const x = heap[a] as Entry<T>;
    heap[a] = heap[b] as Entry<T>;
    heap[b] = x;
  }
}
