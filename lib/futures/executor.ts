/**
 * {@linkcode Executor}: what every executor offers, as CPython's abstract
 * `concurrent.futures.Executor` declares it — `submit`, `map`, `shutdown` and
 * `await using` (Python's `with`) — and the option types of those methods.
 *
 * @example Code that takes any executor of functions
 * ```ts
 * import type { Executor } from "./executor.ts";
 * import { AsyncPoolExecutor } from "./async_pool.ts";
 *
 * async function lengths(ex: Executor<(s: string) => number>, words: string[]) {
 *   return await Array.fromAsync(ex.map((s: string) => s.length, words));
 * }
 * await using ex = new AsyncPoolExecutor(2);
 * console.log(await lengths(ex, ["BR", "CHN"])); // [ 2, 3 ]
 * ```
 *
 * @module
 */

import type { Future } from "./future.ts";

/** The options of `shutdown`. */
export interface ShutdownOptions {
  /** Resolve only once every running and queued call is done (default true). */
  wait?: boolean;
  /** First cancel every call that has not started (default false). */
  cancelFutures?: boolean;
}

/** The options of `map` (CPython 3.14's `timeout`, `buffersize` and `chunksize`). */
export interface MapOptions {
  /**
   * A deadline in milliseconds, counted from the `map` call: a result not
   * ready by then throws a `TimeoutError`.
   */
  timeoutMs?: number;
  /**
   * At most this many calls submitted whose results have not all been
   * yielded yet; the input is then read lazily, as results are taken, so an
   * endless (async) iterable works in flat memory. Default: no bound — the
   * whole input is submitted at once (an async one as fast as it yields).
   */
  buffersize?: number;
  /**
   * `WorkerPoolExecutor`: the items travel to the workers in chunks of this
   * many, one message and one call per chunk (default 1), which is what makes
   * many small tasks cheap. `buffersize` then counts chunks. An executor that
   * runs calls on this thread (`AsyncPoolExecutor`) checks it and ignores it,
   * as CPython's `ThreadPoolExecutor` does.
   */
  chunksize?: number;
}

/**
 * An executor of calls, CPython's abstract `Executor`. `Target` is what a
 * call runs: a function for `AsyncPoolExecutor`, a task name for
 * `WorkerPoolExecutor`; each pool's own `submit` and `map` are typed more
 * precisely (arguments and result from the function or the task).
 *
 * @typeParam Target what `submit` and `map` take as the call to run
 */
export interface Executor<Target = unknown> {
  /** The most calls this executor runs at the same time. */
  readonly maxWorkers: number;
  /**
   * Schedule `target(...args)`; the future holds its outcome.
   *
   * @throws after `shutdown`, or when the executor is broken
   */
  submit(target: Target, ...args: unknown[]): Future<unknown>;
  /**
   * Submit `target(item)` for every item (or, with `buffersize`, as results
   * are taken), then yield the results in input order; a call's error, or
   * the input's, is thrown when iteration reaches it.
   *
   * @throws {RangeError} at once if an option is not valid
   */
  map(
    target: Target,
    items: Iterable<unknown> | AsyncIterable<unknown>,
    opts?: MapOptions,
  ): AsyncGenerator<unknown>;
  /**
   * Stop accepting work. `wait` (default true): resolve once every running
   * and queued call is done; `cancelFutures` (default false): first cancel
   * every call that has not started.
   */
  shutdown(opts?: ShutdownOptions): Promise<void>;
  /** `await using ex = …` calls `shutdown({ wait: true })` at scope exit, as Python's `with`. */
  [Symbol.asyncDispose](): Promise<void>;
}
