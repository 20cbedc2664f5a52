/**
 * Private to async_pool.ts and worker_pool.ts: the engine of both
 * executors' `map` (Python's `Executor.map`): eager submission, results in
 * input order, a task's error thrown when iteration reaches it, an overall
 * deadline, and cancellation of what has not started when the loop is left.
 *
 * @module
 */

import type { Future } from "./future.ts";
import { TimeoutError } from "./errors.ts";
import { Queue } from "./_call_queue.ts";

const TIMED_OUT = Symbol("timed out");

/**
 * Submit one call per item eagerly, then yield the results in input order,
 * with an optional overall deadline counted from this call.
 */
export function mapFutures<T, R>(
  submit: (item: T) => Future<R>,
  items: Iterable<T> | AsyncIterable<T>,
  timeoutMs: number | undefined,
): AsyncGenerator<R> {
  const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  /** Submitted and not yet yielded, in input order. */
  const fs = new Queue<Future<R>>();
  let feed: Feed | undefined;
  if (Symbol.asyncIterator in items) {
    feed = new Feed();
    feed.pump(items as AsyncIterable<T>, (item) => fs.push(submit(item)));
  } else {
    try {
      for (const item of items as Iterable<T>) fs.push(submit(item));
    } catch (error) {
      for (const f of fs.drain()) f.cancel();
      throw error;
    }
  }
  return results(fs, feed, deadline);
}

/** Drains an async iterable in the background, waking the consumer on each item. */
class Feed {
  ended = false;
  stopped = false;
  error: { error: unknown } | undefined = undefined;
  #wake: (() => void) | undefined = undefined;

  async pump<T>(items: AsyncIterable<T>, onItem: (item: T) => void): Promise<void> {
    try {
      for await (const item of items) {
        if (this.stopped) break;
        onItem(item);
        this.#notify();
      }
    } catch (error) {
      this.error = { error };
    }
    this.ended = true;
    this.#notify();
  }

  next(): Promise<void> {
    return new Promise((resolve) => this.#wake = resolve);
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

async function* results<R>(
  fs: Queue<Future<R>>,
  feed: Feed | undefined,
  deadline: number | undefined,
): AsyncGenerator<R> {
  // One timer for the whole deadline, armed when a result first has to be waited for.
  let expired: Promise<typeof TIMED_OUT> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    for (;;) {
      const f = fs.peek();
      if (f === undefined) {
        if (feed === undefined) return;
        if (feed.ended) {
          if (feed.error !== undefined) throw feed.error.error;
          return;
        }
        await feed.next();
        continue;
      }
      if (deadline !== undefined && !f.done()) {
        expired ??= new Promise((resolve) => {
          timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - performance.now()));
        });
        const settled = f.exception().then(() => f, () => f);
        if (await Promise.race([settled, expired]) === TIMED_OUT) {
          throw new TimeoutError(`${f} did not finish before the map's deadline`);
        }
      }
      const value = await f.result();
      fs.shift();
      yield value;
    }
  } finally {
    clearTimeout(timer);
    if (feed !== undefined) feed.stopped = true;
    for (const f of fs.drain()) f.cancel();
  }
}
