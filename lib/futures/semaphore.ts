/**
 * {@linkcode Semaphore} and {@linkcode BoundedSemaphore}: asyncio's, for
 * plain promises. They bound how many things run at once without an executor:
 * the book's `flags2_asyncio.py` holds an `asyncio.Semaphore` around each
 * request, so that at most `-m` are in flight.
 *
 * As in asyncio (3.12 and later):
 *
 * - waiters are served first-in first-out: a `release()` hands the permit to
 *   the oldest waiter at once, so a later `acquire()` cannot overtake it;
 * - {@linkcode Semaphore.locked} is true when an `acquire()` would wait;
 * - a {@linkcode BoundedSemaphore} throws when released more often than it
 *   was acquired;
 * - an `AbortSignal` abandons a waiting `acquire()` (asyncio's cancellation):
 *   it rejects with the signal's reason and takes no permit, so none is lost.
 *
 * `acquire()` resolves to a `Disposable`: `using _ = await sem.acquire()` is
 * Python's `async with sem:` — the permit goes back when the block ends,
 * however it ends. `release()` is there too, as in asyncio.
 *
 * @example At most two requests in flight
 * ```ts ignore
 * import { Semaphore } from "./semaphore.ts";
 *
 * const semaphore = new Semaphore(2);
 * async function getFlag(url: string): Promise<Uint8Array> {
 *   using _ = await semaphore.acquire(); // async with semaphore:
 *   return await (await fetch(url)).bytes();
 * }
 * ```
 *
 * @module
 */

/** Lets {@linkcode BoundedSemaphore} set the bound, which stays private to this module. */
let setBound: (semaphore: Semaphore, bound: number) => void;

/**
 * asyncio's `Semaphore`: a counter of free permits. `acquire()` takes one,
 * waiting (in FIFO order) while there is none; `release()` gives one back.
 *
 * @example
 * ```ts
 * import { Semaphore } from "./semaphore.ts";
 *
 * const sem = new Semaphore(1);
 * {
 *   using _ = await sem.acquire();
 *   console.log(sem.locked(), String(sem)); // true <Semaphore [locked]>
 * }
 * console.log(sem.locked(), String(sem)); // false <Semaphore [unlocked, value:1]>
 * ```
 */
export class Semaphore {
  #value: number;
  /** The most permits that may be free: `Infinity`, except for a {@linkcode BoundedSemaphore}. */
  #bound = Infinity;
  /** How to grant each waiting `acquire()` its permit, oldest first; empty while one is free. */
  #waiters: Array<() => void> = [];

  /**
   * Make a semaphore with `value` free permits.
   *
   * @param value the permits free at first (default 1); 0 makes every `acquire()` wait
   * @throws {RangeError} if `value` is not an integer ≥ 0
   */
  constructor(value: number = 1) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`Semaphore initial value must be an integer >= 0, got ${value}`);
    }
    this.#value = value;
  }

  /** True when there is no free permit: an `acquire()` now would wait. */
  locked(): boolean {
    return this.#value === 0;
  }

  /**
   * Take a permit: at once if one is free and nobody waits, otherwise when
   * the `release()` calls reach this call (first come, first served).
   *
   * @param opts.signal abandons the wait: the promise rejects with
   * `signal.reason` and no permit is taken. An already aborted signal rejects
   * at once; one that aborts after the permit was granted changes nothing.
   * @returns a `Disposable` whose disposal releases the permit (once, however
   * often it is disposed): `using _ = await sem.acquire()`
   */
  acquire(opts: { signal?: AbortSignal } = {}): Promise<Disposable> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#value > 0) {
      this.#value--;
      return Promise.resolve(this.#permit());
    }
    return new Promise<Disposable>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(this.#permit());
      };
      const onAbort = () => {
        this.#waiters.splice(this.#waiters.indexOf(grant), 1);
        reject(signal!.reason);
      };
      this.#waiters.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Give a permit back: to the oldest waiting `acquire()` if there is one,
   * else to the free count. Like asyncio's, a plain `Semaphore` does not
   * check that the permit was taken (a {@linkcode BoundedSemaphore} does).
   *
   * @throws {RangeError} for a {@linkcode BoundedSemaphore} whose permits are all free
   */
  release(): void {
    if (this.#value >= this.#bound) {
      throw new RangeError(`${this.constructor.name} released too many times`);
    }
    const grant = this.#waiters.shift();
    if (grant === undefined) this.#value++;
    else grant();
  }

  /** asyncio's repr: `<Semaphore [unlocked, value:2]>`, `<Semaphore [locked, waiters:3]>`. */
  toString(): string {
    const waiting = this.#waiters.length;
    const state = this.locked() ? "locked" : `unlocked, value:${this.#value}`;
    return `<${this.constructor.name} [${state}${waiting ? `, waiters:${waiting}` : ""}]>`;
  }

  /** Used by `console.log` and `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  static {
    setBound = (semaphore, bound) => {
      semaphore.#bound = bound;
    };
  }

  /** The handle `acquire()` resolves to: releases once, on its first disposal. */
  #permit(): Disposable {
    let held = true;
    return {
      [Symbol.dispose]: () => {
        if (!held) return;
        held = false;
        this.release();
      },
    };
  }
}

/**
 * asyncio's `BoundedSemaphore`: a {@linkcode Semaphore} that refuses to be
 * released past its initial value, which catches a release with no acquire.
 *
 * @example
 * ```ts
 * import { BoundedSemaphore } from "./semaphore.ts";
 *
 * const sem = new BoundedSemaphore(1);
 * try {
 *   sem.release();
 * } catch (error) {
 *   console.log(String(error)); // RangeError: BoundedSemaphore released too many times
 * }
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /**
   * Make a bounded semaphore with `value` permits, at most `value` of them free:
   * its `release()` throws a `RangeError` when every permit is already free.
   *
   * @param value the permits (default 1)
   * @throws {RangeError} if `value` is not an integer ≥ 0
   */
  constructor(value: number = 1) {
    super(value);
    setBound(this, value);
  }
}
