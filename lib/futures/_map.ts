/**
 * Private to async_pool.ts and worker_pool.ts: the engine of both
 * executors' `map` (CPython 3.14's `Executor.map`): results in input order, a
 * call's error thrown when iteration reaches it, an overall deadline, an
 * optional bound on the calls submitted ahead (`buffersize`, reading the
 * input lazily), items sent in chunks (`chunksize`, worker pool), and, when
 * the loop is left, cancellation of what has not started.
 *
 * @module
 */

import type { Future } from "./future.ts";
import { TimeoutError } from "./errors.ts";
import { Queue } from "./_call_queue.ts";
import type { MapOptions } from "./executor.ts";

/**
 * A chunk's call failed at one of its items: the values of the items before
 * it, and what that item threw. The future of a chunk call rejects with one.
 */
export class ChunkFailure {
  /** The results of the chunk's items before the failing one. */
  readonly values: unknown[];
  /** What the failing item threw. */
  readonly error: unknown;

  /** Describes a chunk that failed at the item after `values`, with `error`. */
  constructor(values: unknown[], error: unknown) {
    this.values = values;
    this.error = error;
  }
}

/** How `map` submits its calls: one item at a time, or a chunk of items per call. */
export type Submitter<T, R> =
  | { readonly chunked: false; submit(item: T): Future<R> }
  | { readonly chunked: true; submit(items: T[]): Future<R[]> };

/** The options of `map`, checked: each a number, or undefined when not given. */
export interface CheckedMapOptions {
  /** The deadline, from the call. */
  timeoutMs: number | undefined;
  /** The most calls submitted and not wholly yielded. */
  buffersize: number | undefined;
  /** Items per call, as given (an executor that does not chunk ignores it). */
  chunksize: number;
}

/**
 * Checks `map`'s options, `chunksize` included (an executor that does not chunk checks it and
 * ignores it, as CPython's `ThreadPoolExecutor`).
 *
 * @throws {RangeError} naming the option that is not a positive integer (`timeoutMs`: not a number)
 */
export function checkMapOptions(opts: MapOptions): CheckedMapOptions {
  const { timeoutMs, buffersize, chunksize = 1 } = opts;
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && !Number.isNaN(timeoutMs))) {
    throw new RangeError(`timeoutMs must be a number, got ${timeoutMs}`);
  }
  for (const [name, value] of [["buffersize", buffersize], ["chunksize", chunksize]] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
      throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
    }
  }
  return { timeoutMs, buffersize, chunksize };
}

/**
 * Starts a `map`: submits calls at once — all of them, or the first
 * `buffersize` — and returns the results in input order.
 */
export function mapResults<T, R>(
  submitter: Submitter<T, R>,
  items: Iterable<T> | AsyncIterable<T>,
  opts: CheckedMapOptions,
): AsyncGenerator<R, void, unknown> {
  return new MapResults(submitter, items, opts);
}

const DONE: IteratorResult<never, void> = Object.freeze({ value: undefined, done: true });
const TIMED_OUT = Symbol("timed out");

/** Where `map` reads its items: a sync or an async iterator, read lazily or eagerly. */
class Input<T> {
  readonly #it: Iterator<T> | AsyncIterator<T>;
  readonly async: boolean;
  /** No more items: the input ended, failed, or `map` stopped reading it. */
  ended = false;
  /** What the input threw, if it did: thrown once iteration reaches it. */
  failure: { error: unknown } | undefined = undefined;

  constructor(items: Iterable<T> | AsyncIterable<T>) {
    this.async = Symbol.asyncIterator in items;
    this.#it = this.async
      ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (items as Iterable<T>)[Symbol.iterator]();
  }

  /** Up to `n` items of a sync input; fewer (maybe none) once it ends or fails. */
  readSync(n: number): T[] {
    const it = this.#it as Iterator<T>;
    const out: T[] = [];
    try {
      while (out.length < n && this.#keep(it.next(), out));
    } catch (error) {
      this.#fail(error);
    }
    return out;
  }

  /** Up to `n` items of an async input; fewer (maybe none) once it ends or fails. */
  async read(n: number): Promise<T[]> {
    const it = this.#it as AsyncIterator<T>;
    const out: T[] = [];
    try {
      while (out.length < n && !this.ended && this.#keep(await it.next(), out));
    } catch (error) {
      this.#fail(error);
    }
    return out;
  }

  /** Adds the item `r` carries to `out`; false, and the input ended, if it carries none. */
  #keep(r: IteratorResult<T>, out: T[]): boolean {
    if (r.done) {
      this.ended = true;
      return false;
    }
    out.push(r.value);
    return true;
  }

  /** Stop reading: the iterator is closed (its `finally` blocks run); what it throws then is ignored. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      const closing = this.#it.return?.();
      if (closing instanceof Promise) closing.catch(() => {});
    } catch {
      // Closing failed: there is nothing more to read either way.
    }
  }

  #fail(error: unknown): void {
    this.ended = true;
    this.failure = { error };
  }
}

/**
 * The results of a `map`, in input order: an `AsyncGenerator` written by hand
 * because it yields each value of a chunk without an async function call — a
 * million results cost about 45–70 ms this way against 110–170 ms from an
 * async generator function (Deno 2.9.6). `next()` calls made while one waits
 * are served in turn, as an async generator's.
 */
class MapResults<T, R> implements AsyncGenerator<R, void, unknown> {
  readonly #submitter: Submitter<T, R>;
  readonly #input: Input<T>;
  readonly #chunksize: number;
  /** The most calls submitted and not wholly yielded; Infinity: no bound (eager). */
  readonly #limit: number;
  readonly #deadline: number | undefined;
  /** Submitted and not wholly yielded, in input order. */
  readonly #calls = new Queue<Future<unknown>>();
  /** The values of the chunk being yielded, from #index on. */
  #values: unknown[] = [];
  #index = 0;
  /** An item's error, thrown once the values before it are yielded. */
  #failure: { error: unknown } | undefined = undefined;
  /** A `next()` is waiting for a call's result or for the input. */
  #stepping = false;
  /** Calls to `next()`, `return()` and `throw()` queued behind a waiting one. */
  #queued = 0;
  /** The last of those calls: the next one to queue waits for it. */
  #tail: Promise<unknown> = Promise.resolve();
  /** Reading an async input in the background (eager: to its end; lazy: up to the limit). */
  #reading = false;
  /** Wakes a `next()` waiting for the background reader to submit or stop. */
  #wake: (() => void) | undefined = undefined;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  #expired: Promise<typeof TIMED_OUT> | undefined = undefined;
  #finished = false;

  constructor(
    submitter: Submitter<T, R>,
    items: Iterable<T> | AsyncIterable<T>,
    opts: CheckedMapOptions,
  ) {
    this.#submitter = submitter;
    this.#input = new Input(items);
    this.#chunksize = submitter.chunked ? opts.chunksize : 1;
    this.#limit = opts.buffersize ?? Infinity;
    this.#deadline = opts.timeoutMs === undefined ? undefined : performance.now() + opts.timeoutMs;
    // Work starts at the call: every call, or the first `buffersize` ones.
    if (this.#input.async) this.#fillAsync();
    else this.#fillSync();
  }

  next(): Promise<IteratorResult<R, void>> {
    if (this.#waiting()) return this.#enqueue(() => this.#next());
    return this.#tail = this.#next();
  }

  return(): Promise<IteratorResult<R, void>> {
    if (this.#waiting()) return this.#enqueue(() => this.#return());
    return this.#tail = this.#return();
  }

  throw(error: unknown): Promise<IteratorResult<R, void>> {
    if (this.#waiting()) return this.#enqueue(() => this.#throw(error));
    return this.#tail = this.#throw(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  /** It is an async generator: `Object.prototype.toString` says `[object AsyncGenerator]`. */
  get [Symbol.toStringTag](): string {
    return "AsyncGenerator";
  }

  /** Whether a call must wait its turn: a `next()` is waiting for a result, or calls queue behind one. */
  #waiting(): boolean {
    return this.#stepping || this.#queued > 0;
  }

  /** Runs `op` once every call made before it has settled, in the order they were made. */
  #enqueue<X>(op: () => Promise<X>): Promise<X> {
    this.#queued++;
    const run = () => {
      this.#queued--;
      return op();
    };
    const p = this.#tail.then(run, run);
    this.#tail = p;
    return p;
  }

  #next(): Promise<IteratorResult<R, void>> {
    if (this.#index < this.#values.length) {
      const value = this.#values[this.#index++] as R;
      return Promise.resolve({ value, done: false });
    }
    if (this.#finished) return Promise.resolve(DONE);
    return this.#step();
  }

  #return(): Promise<IteratorResult<R, void>> {
    this.#finish();
    return Promise.resolve(DONE);
  }

  #throw(error: unknown): Promise<IteratorResult<R, void>> {
    this.#finish();
    return Promise.reject(error);
  }

  /** The next result when the current chunk is spent: refill, then wait for the oldest call. */
  async #step(): Promise<IteratorResult<R, void>> {
    this.#stepping = true;
    try {
      for (;;) {
        if (this.#failure !== undefined) throw this.#failure.error;
        if (this.#input.async) this.#fillAsync();
        else this.#fillSync();
        const f = this.#calls.peek();
        if (f === undefined) {
          if (this.#reading) {
            await new Promise<void>((resolve) => this.#wake = resolve);
            continue;
          }
          if (this.#input.failure !== undefined) throw this.#input.failure.error;
          this.#finish();
          return DONE;
        }
        if (!this.#submitter.chunked) {
          // Awaited straight away without a deadline: one promise, not three.
          if (this.#deadline !== undefined && !f.done()) await this.#settled(f);
          const value = (await f.result()) as R;
          this.#calls.shift();
          return { value, done: false };
        }
        if (!f.done()) await this.#settled(f);
        this.#calls.shift();
        this.#take(f);
        if (this.#index < this.#values.length) {
          return { value: this.#values[this.#index++] as R, done: false };
        }
      }
    } catch (error) {
      this.#finish();
      throw error;
    } finally {
      this.#stepping = false;
    }
  }

  /** Makes a finished chunk call's values (and its error, if an item threw) the current chunk. */
  #take(f: Future<unknown>): void {
    if (!f.failed()) {
      this.#values = f.resultNow() as unknown[];
    } else {
      const error = f.exceptionNow();
      if (!(error instanceof ChunkFailure)) throw error;
      this.#values = error.values;
      this.#failure = { error: error.error };
    }
    this.#index = 0;
  }

  /** Resolves once `f` is done; rejects with a TimeoutError at the deadline. */
  async #settled(f: Future<unknown>): Promise<void> {
    const settled = f.exception().then(() => {}, () => {});
    if (this.#deadline === undefined) return await settled;
    this.#expired ??= new Promise((resolve) => {
      this.#timer = setTimeout(
        () => resolve(TIMED_OUT),
        Math.max(0, this.#deadline! - performance.now()),
      );
    });
    if (await Promise.race([settled, this.#expired]) === TIMED_OUT) {
      throw new TimeoutError(`${f} did not finish before the map's deadline`);
    }
  }

  /**
   * Submits calls from a sync input while fewer than the limit are
   * outstanding. Single items are read up to 1024 at a time (one array for
   * them all, not one each).
   */
  #fillSync(): void {
    const input = this.#input;
    while (!input.ended && this.#calls.size < this.#limit) {
      if (this.#submitter.chunked) {
        const chunk = input.readSync(this.#chunksize);
        if (chunk.length > 0) this.#submit(chunk);
        continue;
      }
      const items = input.readSync(Math.min(this.#limit - this.#calls.size, 1024));
      for (let i = 0; i < items.length && this.#submit(items, i); i++);
    }
  }

  /**
   * The same from an async input, in the background (once at a time): up to
   * the limit, or to the input's end when there is none (eager).
   */
  async #fillAsync(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    const input = this.#input;
    while (!input.ended && !this.#finished && this.#calls.size < this.#limit) {
      const chunk = await input.read(this.#chunksize);
      if (chunk.length > 0 && !this.#finished) this.#submit(chunk);
      this.#notify();
    }
    this.#reading = false;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Submits `chunk` as one call, or, for single items, its item `at`; false if the executor refused. */
  #submit(chunk: T[], at = 0): boolean {
    const submitter = this.#submitter;
    try {
      this.#calls.push(submitter.chunked ? submitter.submit(chunk) : submitter.submit(chunk[at]));
      return true;
    } catch (error) {
      // The executor refused (shut down, broken): that is where iteration stops.
      this.#input.close();
      this.#input.failure = { error };
      return false;
    }
  }

  /** Ends the iteration: no more reading, no timer, and the calls not started are cancelled. */
  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#values = [];
    this.#index = 0;
    clearTimeout(this.#timer);
    this.#input.close();
    for (const f of this.#calls.drain()) f.cancel();
  }
}
