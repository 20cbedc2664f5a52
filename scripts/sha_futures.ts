/**
 * The seed's `sha_futures.py`: 12 jobs, each the SHA-256 of 1 MiB of random bytes made in the
 * worker, on a `WorkerPoolExecutor`, waited for with `asCompleted`; prints
 * `N workers, elapse time: 2.10s` (the seed's wording).
 *
 * Usage: `deno task sha:futures [WORKERS] [--size BYTES] [--jobs N]` (WORKERS defaults to the
 * CPU count).
 *
 * @module
 */
import { runJobs } from "../lib/cpu/jobs.ts";

const TASKS = new URL("../lib/cpu/timed_tasks.ts", import.meta.url);
await runJobs(
  "sha:futures",
  TASKS,
  (pool, { size, jobs }) => Array.from({ length: jobs }, () => pool.submit("sha", size)),
  (workers, seconds) => `${workers} workers, elapse time: ${seconds.toFixed(2)}s`,
);
