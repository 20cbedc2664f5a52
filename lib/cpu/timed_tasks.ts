/**
 * The CPU tasks of lib/cpu/tasks.ts, each timed in the worker that runs it: the futures
 * scripts' worker task module. A result says when its job started (on the wall clock all
 * threads share), how long it ran and which worker ran it, so that the main thread can tell a
 * run spent starting workers from one spent working.
 *
 * @example
 * ```ts ignore
 * import { WorkerPoolExecutor } from "../futures/mod.ts";
 * await using pool = new WorkerPoolExecutor<typeof import("./timed_tasks.ts")>(
 *   new URL("./timed_tasks.ts", import.meta.url),
 * );
 * const { value, ms } = await pool.submit("sha", 2 ** 20).result(); // a digest, and its time
 * ```
 *
 * @module
 */
import * as tasks from "./tasks.ts";

/** A job's result and its timing, as measured in its worker. */
export interface Timed<T> {
  /** What the task returned. */
  value: T;
  /** When the job started: milliseconds since the epoch (`performance.timeOrigin` based). */
  startedAt: number;
  /** How long the job ran, in milliseconds. */
  ms: number;
  /** The worker's own `performance.timeOrigin`: one value per worker. */
  worker: number;
}

async function time<T>(job: () => T | Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  const value = await job();
  const ms = performance.now() - start;
  return { value, startedAt: performance.timeOrigin + start, ms, worker: performance.timeOrigin };
}

/** {@linkcode tasks.arcfourTest}, timed. */
export function arcfourTest(size: number, key: string | Uint8Array): Promise<Timed<number>> {
  return time(() => tasks.arcfourTest(size, key));
}

/** {@linkcode tasks.sha}, timed. */
export function sha(size: number): Promise<Timed<string>> {
  return time(() => tasks.sha(size));
}
