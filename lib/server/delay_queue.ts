/**
 * Delayed responses kept in one min-heap by due time with ONE timer, armed for
 * the earliest: thousands of requests waiting at once cost one small object
 * each instead of a timer, a promise and several closures each. An item that
 * leaves early (its client hung up) is taken out of the heap at once, and the
 * timer is cleared when nothing is left.
 *
 * @example
 * ```ts
 * import { DelayQueue, type DueItem } from "./delay_queue.ts";
 * const queue = new DelayQueue();
 * const done = Promise.withResolvers<void>();
 * const item: DueItem = { due: performance.now() + 50, slot: -1, fire: () => done.resolve() };
 * queue.add(item);
 * await done.promise; // about 50 ms later
 * console.log(queue.size); // 0
 * ```
 *
 * @module
 */

/** Something due at a time; the queue calls `fire()` once when it is due. */
export interface DueItem {
  /** When it is due, in `performance.now()` milliseconds. */
  due: number;
  /** The queue's bookkeeping (index in the heap, -1 when not queued); start at -1. */
  slot: number;
  /** Called once, not earlier than `due`. */
  fire(): void;
}

/** A timer queue: one `setTimeout` for any number of items. */
export class DelayQueue {
  readonly #heap: DueItem[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedFor = Infinity;

  /** Items waiting. */
  get size(): number {
    return this.#heap.length;
  }

  /** Queues `item` to fire at `item.due`. */
  add(item: DueItem): void {
    const heap = this.#heap;
    item.slot = heap.length;
    heap.push(item);
    this.#up(item.slot);
    if (item.due < this.#armedFor) this.#arm();
  }

  /** Takes `item` out without firing it; false if it was not queued. */
  remove(item: DueItem): boolean {
    const i = item.slot;
    const heap = this.#heap;
    if (i < 0 || heap[i] !== item) return false;
    const last = heap.pop()!;
    item.slot = -1;
    if (last !== item) {
      heap[i] = last;
      last.slot = i;
      this.#down(i);
      this.#up(last.slot);
    }
    if (heap.length === 0) this.#disarm();
    return true;
  }

  /** Empties the queue without firing anything; returns the items that were waiting. */
  drain(): DueItem[] {
    this.#disarm();
    const items = this.#heap.splice(0);
    for (const item of items) item.slot = -1;
    return items;
  }

  #run = () => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const heap = this.#heap;
    const now = performance.now();
    while (heap.length > 0 && heap[0].due <= now) {
      const item = heap[0];
      this.remove(item);
      item.fire();
    }
    if (heap.length > 0) this.#arm();
  };

  #arm() {
    clearTimeout(this.#timer);
    const due = this.#heap[0].due;
    this.#armedFor = due;
    // Timers count whole milliseconds: round up so that nothing fires early.
    this.#timer = setTimeout(this.#run, Math.max(0, Math.ceil(due - performance.now())));
  }

  #disarm() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
  }

  #up(i: number) {
    const heap = this.#heap;
    const item = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].due <= item.due) break;
      heap[i] = heap[parent];
      heap[i].slot = i;
      i = parent;
    }
    heap[i] = item;
    item.slot = i;
  }

  #down(i: number) {
    const heap = this.#heap;
    const n = heap.length;
    const item = heap[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap[child + 1].due < heap[child].due) child++;
      if (heap[child].due >= item.due) break;
      heap[i] = heap[child];
      heap[i].slot = i;
      i = child;
    }
    heap[i] = item;
    item.slot = i;
  }
}
