/**
 * The size limit of the CPU jobs (`arcfour:futures`, `sha:futures`), shared by
 * the command line that accepts `--size` and the worker tasks that allocate it.
 * A module of its own so that the scripts' main thread need not load the task
 * module (lib/cpu_tasks.ts) that only the workers run.
 *
 * @example
 * ```ts
 * import { checkJobSize, MAX_JOB_SIZE } from "./job_size.ts";
 * checkJobSize(2 ** 20); // fine
 * MAX_JOB_SIZE; // 1073741824
 * ```
 *
 * @module
 */

/** The most bytes one job may ask for (1 GiB). */
export const MAX_JOB_SIZE = 2 ** 30;

/**
 * Throws unless `size` is an integer from 0 to {@linkcode MAX_JOB_SIZE}.
 *
 * @throws {RangeError} naming the bad size.
 */
export function checkJobSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_JOB_SIZE) {
    throw new RangeError(`size must be an integer from 0 to ${MAX_JOB_SIZE}, got ${size}`);
  }
}
