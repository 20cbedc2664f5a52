/**
 * First-in first-out queues: {@linkcode Queue}, and the {@linkcode CallQueue}
 * of calls an executor has not started yet. Private to `async_pool.ts`,
 * `worker_pool.ts` and `_map.ts`.
 *
 * @module
 */

import type { Future } from "./future.ts";
import type { Observed } from "./_observed.ts";

/** Compact once at least this many entries are consumed and they are half the array. */
const COMPACT_AT = 1024;

/**
 * A FIFO over one array with a moving head (`Array#shift` is linear on large
 * arrays); the array is compacted once most of it has been consumed. A
 * consumed slot is cleared at once, so the queue keeps no entry it handed out.
 */
export class Queue<T extends object> {
  #items: Array<T | undefined> = [];
  #head = 0;

  /** How many entries are waiting. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Queues an entry at the back. */
  push(entry: T): void {
    this.#items.push(entry);
  }

  /** The oldest entry, left in the queue; undefined if it is empty. */
  peek(): T | undefined {
    return this.#items[this.#head];
  }

  /** Removes and returns the oldest entry; undefined if the queue is empty. */
  shift(): T | undefined {
    const items = this.#items;
    let head = this.#head;
    const entry = items[head];
    if (entry === undefined) return undefined;
    items[head++] = undefined;
    if (head === items.length) {
      items.length = 0;
      head = 0;
    } else if (head >= COMPACT_AT && head * 2 >= items.length) {
      items.splice(0, head);
      head = 0;
    }
    this.#head = head;
    return entry;
  }

  /** Empties the queue and returns its entries, oldest first. */
  drain(): T[] {
    // Only the slots before the head are cleared: the rest all hold entries.
    const entries = this.#items.slice(this.#head) as T[];
    this.#items = [];
    this.#head = 0;
    return entries;
  }
}

/** A call not started yet: its future, what to run (a function or a task name) and the arguments. */
export interface Call<Target> {
  /** The call's future, still `pending` (or cancelled while it waited). */
  readonly future: Future<unknown>;
  /** The function or the task name. */
  readonly target: Target;
  /** The arguments (of a chunk call: its items). */
  readonly args: unknown[];
  /** A worker pool's chunk call: the task applies to each of `args` in turn. */
  readonly chunk?: boolean;
  /** What the executor's observer hears of this call, if it has one. */
  readonly record?: Observed;
}

/** The calls an executor has not started yet, oldest first. */
export class CallQueue<Target> extends Queue<Call<Target>> {
  /** Empties the queue and cancels the futures of the calls it held, oldest first. */
  cancelAll(): void {
    for (const call of this.drain()) call.future.cancel();
  }
}
