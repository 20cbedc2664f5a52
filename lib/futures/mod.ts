/**
 * Python's `concurrent.futures` for Deno; this is the library's one public
 * entry. It imports nothing outside lib/futures/: copy the folder, get the
 * library.
 *
 * - {@linkcode Future}: the eventual outcome of a call; {@linkcode asCompleted}
 *   and {@linkcode wait} watch many of them.
 * - {@linkcode AsyncPoolExecutor}: calls on this thread, at most `maxWorkers`
 *   in flight — Python's `ThreadPoolExecutor`, for I/O.
 * - {@linkcode WorkerPoolExecutor}: the named exports of a task module run in
 *   module workers — Python's `ProcessPoolExecutor`, for CPU work. A worker
 *   must read lib/futures/ and its task module's folder: run with
 *   `--allow-read=lib/futures,<that folder>`.
 * - Both are {@linkcode Executor}s: `submit`, `map`, `shutdown`, and
 *   `await using` for Python's `with`. Either takes an
 *   {@linkcode ExecutorObserver} that hears when each call was submitted,
 *   started (on which worker or slot) and ended, and how.
 * - {@linkcode Semaphore} and {@linkcode BoundedSemaphore} (asyncio's) bound
 *   plain promises without an executor; {@linkcode asSettled} is as-completed
 *   over plain promises.
 * - Errors: one family under {@linkcode FuturesError} — {@linkcode CancelledError},
 *   {@linkcode TimeoutError}, {@linkcode InvalidStateError} and
 *   {@linkcode BrokenExecutor} (a worker pool's is {@linkcode BrokenWorkerPool}).
 *
 * Timeouts are in milliseconds.
 *
 * @example Python's `with ThreadPoolExecutor(3) as ex:` and `as_completed`
 * ```ts
 * import { AsyncPoolExecutor, asCompleted } from "./mod.ts";
 *
 * await using ex = new AsyncPoolExecutor(3);
 * const fs = ["BR", "CN", "ID", "IN"].map((cc) => ex.submit(async (c: string) => c.toLowerCase(), cc));
 * console.log(fs.map(String)); // three running, one pending
 * for await (const f of asCompleted(fs, 10_000)) console.log(String(f), await f.result());
 * for await (const len of ex.map((cc: string) => cc.length, ["BR", "CHN"])) console.log(len);
 * ```
 *
 * @example CPU work in workers, typed by the task module
 * ```ts ignore
 * // tasks.ts: export function sha(size: number): string { ... }
 * import { WorkerPoolExecutor } from "./mod.ts";
 *
 * await using ex = new WorkerPoolExecutor<typeof import("./tasks.ts")>(
 *   new URL("./tasks.ts", import.meta.url),
 * );
 * const digest: string = await ex.submit("sha", 1024).result();
 * ```
 *
 * @module
 */

export {
  BrokenExecutor,
  CancelledError,
  FuturesError,
  InvalidStateError,
  TimeoutError,
} from "./errors.ts";
export {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Future,
  type FutureState,
  type ReturnWhen,
  wait,
} from "./future.ts";
export type { Executor, MapOptions, ShutdownOptions } from "./executor.ts";
export type { CallOutcome, CallRecord, ExecutorObserver, ObserverOptions } from "./observer.ts";
export { type AnyFunction, AsyncPoolExecutor } from "./async_pool.ts";
export {
  BrokenWorkerPool,
  type TaskArgs,
  type TaskFunction,
  type TaskName,
  type TaskResult,
  WorkerPoolExecutor,
  type WorkerPoolOptions,
} from "./worker_pool.ts";
export { asSettled, type Settled } from "./future.ts";
export { BoundedSemaphore, Semaphore } from "./semaphore.ts";
