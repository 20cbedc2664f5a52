/**
 * The {@linkcode Future} an executor hands back from `submit`, and the
 * {@linkcode asCompleted} and {@linkcode wait} helpers: Python's
 * `concurrent.futures.Future`, `as_completed` and `wait`. The errors
 * (errors.ts) are re-exported here too; lib/futures/mod.ts is the library's
 * one public entry (with the `Executor` interface of executor.ts).
 *
 * Timeouts are in milliseconds. `result(0)` polls: it rejects with
 * {@linkcode TimeoutError} at once when the future is not done. Every timer
 * started here is cleared as soon as the thing it guards settles.
 *
 * @example Futures, as an executor uses them
 * ```ts
 * import { asCompleted, Future } from "./future.ts";
 *
 * const f = new Future<string>();
 * console.log(String(f)); // <Future #1 state=pending>
 * f.setRunningOrNotifyCancel();
 * f.setResult("BR");
 * for await (const done of asCompleted([f])) {
 *   console.log(done, await done.result()); // <Future #1 state=finished returned string> BR
 * }
 * ```
 *
 * @module
 */

import { CancelledError, InvalidStateError, TimeoutError } from "./errors.ts";

export { CancelledError, InvalidStateError, TimeoutError } from "./errors.ts";

/**
 * The life of a future: `pending` (queued) → `running` → `finished`, or
 * `pending` → `cancelled`.
 */
export type FutureState = "pending" | "running" | "cancelled" | "finished";

/** Something notified once when a future is done (used by result(), wait, asCompleted). */
interface Waiter {
  // deno-lint-ignore no-explicit-any
  notify(f: Future<any>): void;
}

/** Internal: register / unregister a waiter (notified at once if already done). */
const addWaiter: unique symbol = Symbol("addWaiter");
const removeWaiter: unique symbol = Symbol("removeWaiter");

let lastFutureId = 0;

/** The name Python's repr would show for a value: its type, or its class for objects. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === "string" && ctor.name !== "" ? ctor.name : "Object";
}

/** The name shown for a raised value: the error's name or class. */
function errorName(error: unknown): string {
  if (
    error instanceof Error && typeof error.name === "string" && error.name !== "" &&
    error.name !== "Error"
  ) {
    return error.name;
  }
  return typeName(error);
}

/** A pending `result()` / `exception()` call: a promise and maybe a timer. */
class ResultWaiter<T> implements Waiter {
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  constructor(
    readonly resolve: (value: unknown) => void,
    readonly reject: (reason: unknown) => void,
    readonly wantException: boolean,
  ) {}
  notify(f: Future<T>): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (f.cancelled()) this.reject(new CancelledError());
    else if (this.wantException) this.resolve(f.exceptionNow());
    else if (f.failed()) this.reject(f.exceptionNow());
    else this.resolve(f.resultNow());
  }
}

/**
 * The eventual outcome of a call, as Python's `concurrent.futures.Future`.
 *
 * An executor creates one per `submit`; user code reads it with
 * {@linkcode Future.result}, {@linkcode Future.exception},
 * {@linkcode Future.addDoneCallback}, {@linkcode asCompleted} or
 * {@linkcode wait}. Futures are numbered from 1 in creation order, and print
 * like the seed's: `<Future #3 state=running>`,
 * `<Future #3 state=finished returned string>`,
 * `<Future #3 state=finished raised TypeError>` — with `String(f)` and with
 * `console.log(f)`.
 *
 * The `set*` methods are for executors and tests, as in Python.
 *
 * @example
 * ```ts
 * import { Future } from "./future.ts";
 *
 * const f = new Future<number>();
 * f.addDoneCallback((fut) => console.log("done:", String(fut)));
 * f.setResult(42); // done: <Future #1 state=finished returned number>
 * console.log(await f.result()); // 42
 * ```
 */
export class Future<T> {
  #state: FutureState = "pending";
  #value: T | undefined = undefined;
  #error: unknown = undefined;
  #failed = false;
  // deno-lint-ignore no-explicit-any
  #callbacks: Array<(f: Future<any>) => void> | undefined = undefined;
  #waiters: Waiter[] | undefined = undefined;
  /** The number shown when the future is printed: 1, 2, 3… in creation order. */
  readonly id: number = ++lastFutureId;

  /** The current state: `pending`, `running`, `cancelled` or `finished`. */
  get state(): FutureState {
    return this.#state;
  }

  /** True when the future is finished or cancelled. */
  done(): boolean {
    return this.#state === "finished" || this.#state === "cancelled";
  }

  /** True while the call is running: it can no longer be cancelled. */
  running(): boolean {
    return this.#state === "running";
  }

  /** True when the future was cancelled. */
  cancelled(): boolean {
    return this.#state === "cancelled";
  }

  /** True when the future finished with an error (not cancelled). */
  failed(): boolean {
    return this.#failed;
  }

  /**
   * Cancel the call if it has not started. Only a pending future can be
   * cancelled; a running or finished one is left alone.
   *
   * @returns true if the future is now cancelled
   */
  cancel(): boolean {
    const state = this.#state;
    if (state === "cancelled") return true;
    if (state !== "pending") return false;
    this.#state = "cancelled";
    this.#settle();
    return true;
  }

  /**
   * The call's return value, once the future is done.
   *
   * @param timeoutMs how long to wait; omitted or `Infinity` waits forever, 0 polls
   * @returns the value; rejects with the call's error, a {@linkcode CancelledError}
   * if the future was cancelled, or a {@linkcode TimeoutError} if the time passed first
   */
  result(timeoutMs?: number): Promise<T> {
    const state = this.#state;
    if (state === "finished") {
      return this.#failed ? Promise.reject(this.#error) : Promise.resolve(this.#value as T);
    }
    if (state === "cancelled") return Promise.reject(new CancelledError());
    return this.#wait(timeoutMs, false) as Promise<T>;
  }

  /**
   * The error the call raised, once the future is done.
   *
   * @param timeoutMs how long to wait; omitted or `Infinity` waits forever, 0 polls
   * @returns the error, or `undefined` if the call succeeded; rejects with a
   * {@linkcode CancelledError} or a {@linkcode TimeoutError}
   */
  exception(timeoutMs?: number): Promise<unknown> {
    const state = this.#state;
    if (state === "finished") return Promise.resolve(this.#error);
    if (state === "cancelled") return Promise.reject(new CancelledError());
    return this.#wait(timeoutMs, true);
  }

  /**
   * The value of a finished future, without waiting.
   *
   * @throws the call's error; {@linkcode CancelledError} if cancelled;
   * {@linkcode InvalidStateError} if the future is not done
   */
  resultNow(): T {
    if (this.#state === "finished") {
      if (this.#failed) throw this.#error;
      return this.#value as T;
    }
    if (this.#state === "cancelled") throw new CancelledError();
    throw new InvalidStateError(`${this.#state}: ${this} is not done`);
  }

  /**
   * The error of a finished future (`undefined` if it succeeded), without waiting.
   *
   * @throws {@linkcode CancelledError} if cancelled; {@linkcode InvalidStateError} if not done
   */
  exceptionNow(): unknown {
    if (this.#state === "finished") return this.#error;
    if (this.#state === "cancelled") throw new CancelledError();
    throw new InvalidStateError(`${this.#state}: ${this} is not done`);
  }

  /**
   * Call `fn(future)` once the future is done — at once if it already is.
   * Callbacks run in the order they were added. One that throws is reported
   * on stderr and does not stop the others.
   */
  addDoneCallback(fn: (f: Future<T>) => void): void {
    if (this.done()) {
      this.#invoke(fn);
      return;
    }
    (this.#callbacks ??= []).push(fn);
  }

  /**
   * For executors: mark the future running, unless it was cancelled.
   *
   * @returns false if the future was cancelled (do not run the call), true if it is now running
   * @throws {@linkcode InvalidStateError} if the future is already running or finished
   */
  setRunningOrNotifyCancel(): boolean {
    const state = this.#state;
    if (state === "pending") {
      this.#state = "running";
      return true;
    }
    if (state === "cancelled") return false;
    throw new InvalidStateError(`${state}: ${this}`);
  }

  /**
   * For executors: finish the future with a value.
   *
   * @throws {@linkcode InvalidStateError} if the future is already done
   */
  setResult(value: T): void {
    if (this.done()) throw new InvalidStateError(`${this.#state}: ${this}`);
    this.#value = value;
    this.#state = "finished";
    this.#settle();
  }

  /**
   * For executors: finish the future with an error.
   *
   * @throws {@linkcode InvalidStateError} if the future is already done
   */
  setException(error: unknown): void {
    if (this.done()) throw new InvalidStateError(`${this.#state}: ${this}`);
    this.#error = error;
    this.#failed = true;
    this.#state = "finished";
    this.#settle();
  }

  /** `<Future #3 state=finished returned string>`, as the seed prints it. */
  toString(): string {
    const state = this.#state;
    if (state !== "finished") return `<Future #${this.id} state=${state}>`;
    return this.#failed
      ? `<Future #${this.id} state=finished raised ${errorName(this.#error)}>`
      : `<Future #${this.id} state=finished returned ${typeName(this.#value)}>`;
  }

  /** Used by `console.log` and `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Used by `node:util.inspect`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * Internal: notify `w` once this future is done (at once if it is).
   * @ignore
   */
  [addWaiter](w: Waiter): void {
    if (this.done()) w.notify(this);
    else (this.#waiters ??= []).push(w);
  }

  /**
   * Internal: forget a waiter that no longer cares.
   * @ignore
   */
  [removeWaiter](w: Waiter): void {
    const waiters = this.#waiters;
    if (waiters === undefined) return;
    const i = waiters.indexOf(w);
    if (i !== -1) waiters.splice(i, 1);
  }

  #wait(timeoutMs: number | undefined, wantException: boolean): Promise<unknown> {
    if (timeoutMs !== undefined && !(timeoutMs > 0)) {
      if (Number.isNaN(timeoutMs)) return Promise.reject(new RangeError("timeoutMs is NaN"));
      return Promise.reject(new TimeoutError(`${this} did not finish in time`));
    }
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    const w = new ResultWaiter<T>(resolve, reject, wantException);
    (this.#waiters ??= []).push(w);
    if (timeoutMs !== undefined && timeoutMs !== Infinity) {
      w.timer = setTimeout(() => {
        this[removeWaiter](w);
        reject(new TimeoutError(`${this} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
    }
    return promise;
  }

  #settle(): void {
    const waiters = this.#waiters;
    if (waiters !== undefined) {
      this.#waiters = undefined;
      for (const w of waiters) w.notify(this);
    }
    const callbacks = this.#callbacks;
    if (callbacks !== undefined) {
      this.#callbacks = undefined;
      for (const fn of callbacks) this.#invoke(fn);
    }
  }

  #invoke(fn: (f: Future<T>) => void): void {
    try {
      fn(this);
    } catch (error) {
      console.error(`exception calling callback for ${this}:`, error);
    }
  }
}

/** `wait` returns as soon as any future finishes or is cancelled. */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/** `wait` returns when any future finishes by raising — or, if none does, when all are done. */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/** `wait` returns when every future is done. */
export const ALL_COMPLETED = "ALL_COMPLETED";

/** When {@linkcode wait} returns. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Wakes an async loop when a future (or promise) is done; collects them in finishing order. */
class Collector<X> {
  /** Emptied as it is read, so that yielded futures are not kept. */
  readonly finished: Array<X | undefined> = [];
  wake: (() => void) | undefined = undefined;
  /** Set when the loop has ended: later notifications are dropped. */
  closed = false;
  notify(f: X): void {
    if (this.closed) return;
    this.finished.push(f);
    const wake = this.wake;
    if (wake !== undefined) {
      this.wake = undefined;
      wake();
    }
  }
}

/**
 * The loop of {@linkcode asCompleted} and {@linkcode asSettled}: yields each
 * item of `pending` once `watch` has told the collector it is done, in that
 * order, and throws a {@linkcode TimeoutError} at `deadline` (a
 * `performance.now()` time) if some are not. `unwatch` runs for those left
 * when the loop ends, however it ends.
 */
async function* inCompletionOrder<X>(
  pending: Set<X>,
  total: number,
  deadline: number,
  what: string,
  watch: (x: X, collector: Collector<X>) => void,
  unwatch: (x: X, collector: Collector<X>) => void,
): AsyncGenerator<X> {
  const collector = new Collector<X>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    for (const x of pending) watch(x, collector);
    // A settled promise reports in a microtask: let those run before the first deadline check.
    await undefined;
    for (;;) {
      const finished = collector.finished;
      for (let i = 0; i < finished.length; i++) {
        const x = finished[i];
        finished[i] = undefined;
        if (x !== undefined && pending.delete(x)) yield x;
      }
      finished.length = 0;
      if (pending.size === 0) return;
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        throw new TimeoutError(`${pending.size} (of ${total}) ${what} unfinished`);
      }
      await new Promise<void>((resolve) => {
        collector.wake = resolve;
        if (remaining !== Infinity) timer = setTimeout(resolve, remaining);
      });
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    collector.closed = true;
    for (const x of pending) unwatch(x, collector);
  }
}

/** The deadline of a timeout in milliseconds, as a `performance.now()` time. */
function deadlineOf(timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? Infinity : performance.now() + timeoutMs;
}

/**
 * Yield the futures as they finish (finished or cancelled), each distinct
 * future once: those already done first, then the others in the order they
 * finish. Python's `as_completed`. For plain promises, see
 * {@linkcode asSettled}.
 *
 * @param fs the futures; duplicates are yielded once
 * @param timeoutMs the deadline, counted from the first `next()`; when it
 * passes with futures unfinished the generator throws a
 * {@linkcode TimeoutError}: `N (of M) futures unfinished`
 *
 * @example
 * ```ts
 * import { asCompleted } from "./future.ts";
 * import { AsyncPoolExecutor } from "./async_pool.ts";
 *
 * await using ex = new AsyncPoolExecutor(3);
 * const fs = ["BR", "CN", "ID"].map((cc) => ex.submit(async () => cc.toLowerCase()));
 * for await (const f of asCompleted(fs, 10_000)) console.log(await f.result());
 * ```
 */
export async function* asCompleted<T>(
  fs: Iterable<Future<T>>,
  timeoutMs?: number,
): AsyncGenerator<Future<T>> {
  const deadline = deadlineOf(timeoutMs);
  const all = new Set(fs);
  const pending = new Set<Future<T>>();
  const ready: Future<T>[] = [];
  for (const f of all) {
    if (f.done()) ready.push(f);
    else pending.add(f);
  }
  for (const f of ready) yield f;
  if (pending.size === 0) return;
  yield* inCompletionOrder(
    pending,
    all.size,
    deadline,
    "futures",
    (f, collector) => f[addWaiter](collector),
    (f, collector) => f[removeWaiter](collector),
  );
}

/**
 * How a promise passed to {@linkcode asSettled} ended: `Promise.allSettled`'s
 * record, with the promise itself (to look up what it was for).
 */
export type Settled<P extends PromiseLike<unknown>> =
  | { readonly promise: P; readonly status: "fulfilled"; readonly value: Awaited<P> }
  | { readonly promise: P; readonly status: "rejected"; readonly reason: unknown };

/**
 * A promise {@linkcode asSettled} waits for, and how it ended once it has. (The
 * loop yields these, not the promises: an async generator awaits what it yields.)
 */
interface Watched<P extends PromiseLike<unknown>> {
  readonly promise: P;
  settled: Settled<P> | undefined;
}

/**
 * As-completed over plain promises (asyncio's `as_completed`): yield how
 * each distinct promise ended, once it has settled, in the order they
 * settle — `Promise.allSettled`, one at a time. Each record carries its
 * promise, so a `Map` from promise to what it was for finds its context (the
 * book's flags2_asyncio carries the country code in a `FetchError` instead).
 * A promise passed here counts as handled: its rejection is reported only
 * through its record.
 *
 * @param promises the promises (or thenables); duplicates are yielded once
 * @param timeoutMs the deadline, counted from the first `next()`, as
 * {@linkcode asCompleted}'s: when it passes with promises unsettled the
 * generator throws a {@linkcode TimeoutError}: `N (of M) promises unfinished`
 *
 * @example
 * ```ts
 * import { asSettled } from "./future.ts";
 *
 * const later = (ms: number, cc: string) =>
 *   new Promise<string>((resolve) => setTimeout(resolve, ms, cc.toLowerCase()));
 * const toDo = new Map([[later(20, "BR"), "BR"], [later(10, "CN"), "CN"]]);
 * for await (const settled of asSettled(toDo.keys(), 10_000)) {
 *   const cc = toDo.get(settled.promise);
 *   if (settled.status === "fulfilled") console.log(cc, settled.value); // CN cn, then BR br
 *   else console.log(cc, "failed:", settled.reason);
 * }
 * ```
 */
export async function* asSettled<P extends PromiseLike<unknown>>(
  promises: Iterable<P>,
  timeoutMs?: number,
): AsyncGenerator<Settled<P>> {
  const deadline = deadlineOf(timeoutMs);
  const watched = new Set<Watched<P>>();
  for (const promise of new Set(promises)) watched.add({ promise, settled: undefined });
  if (watched.size === 0) return;
  const watch = (w: Watched<P>, collector: Collector<Watched<P>>) => {
    const { promise } = w;
    promise.then(
      (value) => {
        w.settled = { promise, status: "fulfilled", value: value as Awaited<P> };
        collector.notify(w);
      },
      (reason: unknown) => {
        w.settled = { promise, status: "rejected", reason };
        collector.notify(w);
      },
    );
  };
  const total = watched.size;
  for await (const w of inCompletionOrder(watched, total, deadline, "promises", watch, () => {})) {
    yield w.settled!;
  }
}

/**
 * Wait for the futures until `returnWhen` holds or the timeout passes, and
 * split them into those done (finished or cancelled) and those not. Python's
 * `concurrent.futures.wait`. It never throws a {@linkcode TimeoutError}: on
 * timeout, the unfinished futures are in `notDone`.
 *
 * @param opts.timeoutMs how long to wait at most (omitted: no limit; 0: just sort them)
 * @param opts.returnWhen {@linkcode ALL_COMPLETED} (default),
 * {@linkcode FIRST_COMPLETED} or {@linkcode FIRST_EXCEPTION}
 *
 * @example
 * ```ts
 * import { FIRST_COMPLETED, wait } from "./future.ts";
 * import { AsyncPoolExecutor } from "./async_pool.ts";
 *
 * await using ex = new AsyncPoolExecutor();
 * const fs = [1, 2, 3].map((n) => ex.submit(async () => n * 2));
 * const { done, notDone } = await wait(fs, { returnWhen: FIRST_COMPLETED });
 * console.log(done.size >= 1, done.size + notDone.size === 3);
 * ```
 */
export async function wait<T>(
  fs: Iterable<Future<T>>,
  opts: { timeoutMs?: number; returnWhen?: ReturnWhen } = {},
): Promise<{ done: Set<Future<T>>; notDone: Set<Future<T>> }> {
  const returnWhen = opts.returnWhen ?? ALL_COMPLETED;
  if (
    returnWhen !== ALL_COMPLETED && returnWhen !== FIRST_COMPLETED &&
    returnWhen !== FIRST_EXCEPTION
  ) {
    throw new RangeError(`invalid returnWhen: ${String(returnWhen)}`);
  }
  const timeoutMs = opts.timeoutMs;
  const done = new Set<Future<T>>();
  const notDone = new Set<Future<T>>();
  let raised = false;
  for (const f of fs) {
    if (f.done()) {
      done.add(f);
      if (f.failed()) raised = true;
    } else {
      notDone.add(f);
    }
  }
  const satisfied = () =>
    notDone.size === 0 ||
    (returnWhen === FIRST_COMPLETED && done.size > 0) ||
    (returnWhen === FIRST_EXCEPTION && raised);
  if (satisfied() || (timeoutMs !== undefined && !(timeoutMs > 0))) return { done, notDone };

  const waiting = [...notDone];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const { promise, resolve } = Promise.withResolvers<void>();
  const waiter: Waiter = {
    notify(f: Future<T>) {
      if (!notDone.delete(f)) return;
      done.add(f);
      if (f.failed()) raised = true;
      if (satisfied()) resolve();
    },
  };
  for (const f of waiting) f[addWaiter](waiter);
  if (timeoutMs !== undefined && timeoutMs !== Infinity) timer = setTimeout(resolve, timeoutMs);
  try {
    await promise;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    for (const f of waiting) f[removeWaiter](waiter);
  }
  return { done, notDone };
}
