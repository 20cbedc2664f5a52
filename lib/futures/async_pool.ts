/**
 * {@linkcode AsyncPoolExecutor}: run calls on this thread with at most
 * `maxWorkers` of them in flight; the rest wait in submission order. It is
 * what Python's `ThreadPoolExecutor` is for I/O: a bound on concurrency, not
 * parallelism (use `WorkerPoolExecutor`, worker_pool.ts, for CPU work).
 *
 * A submitted call starts synchronously, inside `submit`, when a slot is
 * free — so the future is already `running` when `submit` returns; otherwise
 * it is `pending` until a slot frees up.
 *
 * @example Python's `with ThreadPoolExecutor(3) as executor: executor.map(...)`
 * ```ts
 * import { AsyncPoolExecutor } from "./async_pool.ts";
 *
 * await using executor = new AsyncPoolExecutor(3);
 * for await (const len of executor.map(async (cc: string) => cc.length, ["BR", "CN", "ID"])) {
 *   console.log(len);
 * }
 * ```
 *
 * @module
 */

import { Future } from "./future.ts";
import type { Executor, MapOptions, ShutdownOptions } from "./executor.ts";
import { type Call, CallQueue } from "./_call_queue.ts";
import type { ExecutorObserver, ObserverOptions } from "./observer.ts";
import { Lanes, Observed } from "./_observed.ts";
import { checkMapOptions, mapResults } from "./_map.ts";
import { isThenable } from "./_thenable.ts";

/** Any function: what an {@linkcode AsyncPoolExecutor} runs. */
// deno-lint-ignore no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

/**
 * An executor that runs (async) functions on the current thread, at most
 * `maxWorkers` at a time, queueing the rest first-in first-out.
 *
 * @example
 * ```ts
 * import { AsyncPoolExecutor } from "./async_pool.ts";
 * import { asCompleted } from "./future.ts";
 *
 * await using ex = new AsyncPoolExecutor(3);
 * const fs = ["BR", "CN", "ID", "IN", "US"].map((cc) => ex.submit(async (c: string) => c, cc));
 * console.log(fs.map(String)); // the first three running, the others pending
 * for await (const f of asCompleted(fs)) console.log(String(f), await f.result());
 * ```
 */
export class AsyncPoolExecutor implements Executor<AnyFunction> {
  /** The most calls in flight at the same time. */
  readonly maxWorkers: number;
  /** Calls waiting for a free slot, oldest first. */
  #queue = new CallQueue<AnyFunction>();
  #active = 0;
  #shutdown = false;
  #idle: Array<() => void> = [];
  readonly #observer: ExecutorObserver | undefined;
  /** The slots' lanes, kept only for an observer. */
  readonly #lanes: Lanes | undefined;

  /**
   * Make an executor that keeps at most `maxWorkers` calls in flight.
   *
   * @param maxWorkers the most calls in flight (default 32)
   * @param opts.observer hears each call's submission, start, slot and end
   * (see observer.ts); without one, nothing is recorded
   * @throws {RangeError} if `maxWorkers` is not an integer ≥ 1
   */
  constructor(maxWorkers: number = 32, opts: ObserverOptions = {}) {
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw new RangeError(`maxWorkers must be an integer >= 1, got ${maxWorkers}`);
    }
    this.maxWorkers = maxWorkers;
    this.#observer = opts.observer;
    if (opts.observer !== undefined) this.#lanes = new Lanes();
  }

  /**
   * Schedule `fn(...args)`: it starts now if fewer than `maxWorkers` calls
   * are in flight, otherwise when one finishes, in submission order. A
   * synchronous `fn` is fine (it runs to completion in its turn); what it
   * throws, or what its promise rejects with, goes to the future.
   *
   * @returns the future of the call
   * @throws {Error} after `shutdown`
   */
  submit<A extends unknown[], R>(
    fn: (...args: A) => R | Promise<R>,
    ...args: A
  ): Future<Awaited<R>> {
    if (this.#shutdown) throw new Error("cannot schedule new futures after shutdown");
    if (typeof fn !== "function") throw new TypeError("submit: fn is not a function");
    const f = new Future<Awaited<R>>();
    const call: Call<AnyFunction> = this.#observer === undefined
      ? { future: f, target: fn, args }
      : {
        future: f,
        target: fn,
        args,
        record: new Observed(this.#observer, f, fn.name || "anonymous", args),
      };
    if (this.#active < this.maxWorkers) {
      this.#active++;
      this.#run(call, this.#lanes?.take() ?? 0);
    } else {
      this.#queue.push(call);
    }
    return f;
  }

  /**
   * Python's `executor.map`: `fn(item)` for every item, results in input
   * order. A call's error — or the input's — is thrown when iteration
   * reaches it; leaving the loop early cancels the calls not yet started and
   * stops reading the input.
   *
   * Without `buffersize`, every call is submitted at once (an async iterable
   * is read in the background, as fast as it yields); with it, at most that
   * many calls are submitted and not yet yielded, and the input is read as
   * results are taken: an endless generator works in flat memory.
   *
   * @param opts.timeoutMs a deadline counted from this call: a result not
   * ready by then throws a `TimeoutError`
   * @param opts.buffersize the most calls submitted ahead of the results taken
   * @param opts.chunksize checked, and ignored here (see {@linkcode MapOptions.chunksize})
   * @throws {RangeError} if an option is not valid
   * @throws {Error} after `shutdown`
   *
   * @example An endless input, in flat memory
   * ```ts
   * import { AsyncPoolExecutor } from "./async_pool.ts";
   *
   * async function* naturals() {
   *   for (let n = 0;; n++) yield n;
   * }
   * await using ex = new AsyncPoolExecutor(8);
   * for await (const square of ex.map((n: number) => n * n, naturals(), { buffersize: 16 })) {
   *   if (square > 100) break; // stops reading naturals(), cancels what has not started
   * }
   * ```
   */
  map<T, R>(
    fn: (item: T) => R | Promise<R>,
    items: Iterable<T> | AsyncIterable<T>,
    opts: MapOptions = {},
  ): AsyncGenerator<Awaited<R>, void, unknown> {
    const checked = checkMapOptions(opts);
    if (this.#shutdown) throw new Error("cannot schedule new futures after shutdown");
    return mapResults<T, Awaited<R>>(
      { chunked: false, submit: (item) => this.submit(fn, item) },
      items,
      checked,
    );
  }

  /**
   * Stop accepting work. With `wait` (default true) the promise resolves once
   * every running and queued call is done; `cancelFutures` first cancels the
   * calls that have not started. Calling it again is harmless.
   */
  shutdown(opts: ShutdownOptions = {}): Promise<void> {
    this.#shutdown = true;
    if (opts.cancelFutures) this.#queue.cancelAll();
    if (opts.wait === false || this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** `await using ex = new AsyncPoolExecutor(n)`: shuts down and waits, like Python's `with`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown({ wait: true });
  }

  /**
   * Run `call`, then the queued calls, in the slot it holds (`lane`), until
   * one is async (its settlement carries on) or the queue is empty (the slot frees).
   */
  #run(call: Call<AnyFunction> | undefined, lane: number): void {
    for (; call !== undefined; call = this.#queue.shift()) {
      const { future, target, args } = call;
      if (!future.setRunningOrNotifyCancel()) continue;
      call.record?.start(lane);
      let r: unknown;
      try {
        r = target(...args);
      } catch (error) {
        future.setException(error);
        continue;
      }
      if (isThenable(r)) {
        this.#settle(future, r, lane);
        return;
      }
      future.setResult(r);
    }
    this.#release(lane);
  }

  async #settle(f: Future<unknown>, p: PromiseLike<unknown>, lane: number): Promise<void> {
    try {
      f.setResult(await p);
    } catch (error) {
      f.setException(error);
    }
    this.#run(this.#queue.shift(), lane);
  }

  #release(lane: number): void {
    this.#lanes?.free(lane);
    if (--this.#active === 0 && this.#idle.length > 0) {
      const idle = this.#idle;
      this.#idle = [];
      for (const resolve of idle) resolve();
    }
  }
}
