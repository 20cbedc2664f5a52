/**
 * The FIFO of calls an executor has not started yet: each entry is a future,
 * what to run (a function or a task name) and its arguments. Entries are kept
 * flat in one array with a moving head, so queueing allocates no object per
 * call; the array is compacted once most of it has been consumed.
 *
 * Private to `async_pool.ts` and `worker_pool.ts`.
 *
 * @module
 */

import type { Future } from "./future.ts";

/** Compact once at least this many slots (3 per call) are consumed and they are half the array. */
const COMPACT_AT = 3072;

/** A first-in first-out queue of calls not yet started. */
export class CallQueue<Target> {
  #items: unknown[] = [];
  #head = 0;

  /** Whether no call is waiting. */
  get empty(): boolean {
    return this.#head === this.#items.length;
  }

  /** Queues a call at the back. */
  push(future: Future<unknown>, target: Target, args: unknown[]): void {
    this.#items.push(future, target, args);
  }

  /** The oldest call's future (check {@linkcode CallQueue.empty} first). */
  get firstFuture(): Future<unknown> {
    return this.#items[this.#head] as Future<unknown>;
  }

  /** The oldest call's function or task name. */
  get firstTarget(): Target {
    return this.#items[this.#head + 1] as Target;
  }

  /** The oldest call's arguments. */
  get firstArgs(): unknown[] {
    return this.#items[this.#head + 2] as unknown[];
  }

  /** Drops the oldest call (after reading it). */
  dropFirst(): void {
    const items = this.#items;
    let head = this.#head;
    items[head] = items[head + 1] = items[head + 2] = undefined;
    head += 3;
    if (head === items.length) {
      items.length = 0;
      head = 0;
    } else if (head >= COMPACT_AT && head * 2 >= items.length) {
      items.splice(0, head);
      head = 0;
    }
    this.#head = head;
  }

  /** Empties the queue and returns the futures of the calls it held, oldest first. */
  drain(): Future<unknown>[] {
    const futures: Future<unknown>[] = [];
    const items = this.#items;
    for (let i = this.#head; i < items.length; i += 3) futures.push(items[i] as Future<unknown>);
    this.#items = [];
    this.#head = 0;
    return futures;
  }
}
