/**
 * The seed's `arcfour_futures.py`: 12 RC4 round trips of random bytes (largest first) on a
 * `WorkerPoolExecutor`, waited for with `asCompleted`; prints `N workers, elapsed time: 0.93s`.
 *
 * Usage: `deno task arcfour:futures [WORKERS] [--size BYTES] [--jobs N]` (WORKERS defaults to
 * the CPU count).
 *
 * @module
 */
import { ARCFOUR_KEY, arcfourJobSizes, runJobs } from "../lib/cpu/jobs.ts";

const TASKS = new URL("../lib/cpu/timed_tasks.ts", import.meta.url);
await runJobs(
  "arcfour:futures",
  TASKS,
  (pool, { size, jobs }) =>
    arcfourJobSizes(size, jobs).map((n) => pool.submit("arcfourTest", n, ARCFOUR_KEY)),
  (workers, seconds) => `${workers} workers, elapsed time: ${seconds.toFixed(2)}s`,
);
