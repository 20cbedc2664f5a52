/**
 * Watching an executor's calls: an {@linkcode ExecutorObserver} passed to
 * `AsyncPoolExecutor` or `WorkerPoolExecutor` hears, for each call, when it
 * was submitted, when it started and on which lane (the worker, or the pool
 * slot), and when and how it ended. Without an observer an executor records
 * nothing.
 *
 * Times are `performance.now()` milliseconds of the observing thread. A call
 * that a worker pool queues ahead in a busy worker (see
 * `WorkerPoolExecutor.map`) is `running` from the moment it is sent, but the
 * observer hears it start when the call before it in that worker ends, as
 * seen from this thread: with one task per worker, the calls of one lane never
 * overlap.
 *
 * @example A log line per call
 * ```ts
 * import { AsyncPoolExecutor, type CallRecord } from "./mod.ts";
 *
 * const log: string[] = [];
 * const observer = {
 *   ended: (call: CallRecord) =>
 *     log.push(`${call.target} on lane ${call.lane}: ${call.outcome}`),
 * };
 * await using ex = new AsyncPoolExecutor(2, { observer });
 * await Array.fromAsync(ex.map(async function double(n: number) { return 2 * n; }, [1, 2, 3]));
 * console.log(log); // [ "double on lane 0: returned", "double on lane 1: returned", "double on lane 0: returned" ]
 * ```
 *
 * @module
 */

import type { Future } from "./future.ts";

/** How a call ended: its function returned, it raised, or it was cancelled before it started. */
export type CallOutcome = "returned" | "raised" | "cancelled";

/** One call, as an {@linkcode ExecutorObserver} sees it. */
export interface CallRecord {
  /** The call's future: its `id`, and its result or error once it ended. */
  readonly future: Future<unknown>;
  /** What runs: the function's name (`anonymous` if it has none), or the task's name. */
  readonly target: string;
  /** The call's arguments; for a chunk of a worker pool's `map`, the chunk's items. */
  readonly args: readonly unknown[];
  /** When it was submitted. */
  readonly submittedAt: number;
  /** When it started; undefined until then (and for ever, if it was cancelled first). */
  readonly startedAt: number | undefined;
  /** Where it ran: the worker's number less one, or the lowest slot free when it started. */
  readonly lane: number | undefined;
  /** When it ended; undefined until then. */
  readonly endedAt: number | undefined;
  /** How it ended; undefined until then. */
  readonly outcome: CallOutcome | undefined;
}

/**
 * What an executor tells its observer; each method is optional. The
 * executor calls them synchronously: an observer that throws breaks that
 * call's bookkeeping, so keep them simple (record, count, draw later).
 */
export interface ExecutorObserver {
  /** A call was submitted. */
  submitted?(call: CallRecord): void;
  /** A call started, on `call.lane`. */
  started?(call: CallRecord): void;
  /** A call ended (`call.outcome` says how). */
  ended?(call: CallRecord): void;
}

/** The options every executor takes beside its size. */
export interface ObserverOptions {
  /** Hears every call's submission, start and end (see {@linkcode ExecutorObserver}). */
  observer?: ExecutorObserver;
}
