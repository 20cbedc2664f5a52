/**
 * Private to async_pool.ts and _worker_host.ts: whether a call's return value
 * is to be awaited (a promise, or any object with a `then` method), as
 * `await` itself decides.
 *
 * @module
 */

/** Whether `value` is a thenable: a non-null object or function with a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") &&
    typeof (value as PromiseLike<unknown>).then === "function";
}
