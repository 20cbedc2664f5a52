/**
 * The errors of lib/futures, one family as in CPython's `concurrent.futures`:
 * every one is a {@linkcode FuturesError} (CPython's `concurrent.futures.Error`).
 * `WorkerPoolExecutor`'s `BrokenWorkerPool` is a {@linkcode BrokenExecutor}.
 *
 * @example
 * ```ts
 * import { CancelledError, FuturesError } from "./errors.ts";
 *
 * const e = new CancelledError();
 * console.log(e instanceof FuturesError, e.name, e.message); // true CancelledError the future was cancelled
 * ```
 *
 * @module
 */

/** The base class of every error lib/futures throws (CPython's `concurrent.futures.Error`). */
export class FuturesError extends Error {
  /** Always `"FuturesError"` (each subclass has its own). */
  override name = "FuturesError";
}

/** The operation was cancelled: what `result()` rejects with for a cancelled future. */
export class CancelledError extends FuturesError {
  /** Always `"CancelledError"`. */
  override name = "CancelledError";

  /** Make one; the default message says the future was cancelled. */
  constructor(message = "the future was cancelled", options?: ErrorOptions) {
    super(message, options);
  }
}

/** A deadline passed before the awaited futures finished. */
export class TimeoutError extends FuturesError {
  /** Always `"TimeoutError"`. */
  override name = "TimeoutError";

  /** Make one; `asCompleted` says how many futures were unfinished. */
  constructor(message = "timed out", options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * An operation that the future's state does not allow, such as setting the
 * result of a future that is already done (CPython's `InvalidStateError`).
 */
export class InvalidStateError extends FuturesError {
  /** Always `"InvalidStateError"`. */
  override name = "InvalidStateError";
}

/**
 * The executor can no longer run calls (CPython's `BrokenExecutor`): its
 * unfinished futures failed with this, and later submits throw it. `cause`
 * says why, when known.
 */
export class BrokenExecutor extends FuturesError {
  /** Always `"BrokenExecutor"` (each subclass has its own). */
  override name = "BrokenExecutor";
}
