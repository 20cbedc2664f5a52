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
import { completedResults, jobCommand, JOBS, SHA_SIZE } from "../lib/cpu/jobs.ts";
import { runCommand } from "../lib/cli/command.ts";
import { fail, firstLine } from "../lib/cli/fail.ts";
import { WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";

const NAME = "sha:futures";
const args = runCommand(
  jobCommand(NAME, "SHA-256 of random bytes, one job per message, on module workers.", {
    size: SHA_SIZE,
    jobs: JOBS,
  }),
);

const t0 = performance.now();
let workers: number;
try {
  await using executor = new WorkerPoolExecutor<typeof import("../lib/cpu/tasks.ts")>(
    new URL("../lib/cpu/tasks.ts", import.meta.url),
    { maxWorkers: args.workers },
  );
  workers = executor.maxWorkers;
  const toDo = Array.from({ length: args.jobs }, () => executor.submit("sha", args.size));
  await completedResults(toDo);
} catch (error) {
  fail(`${NAME}: ${firstLine(error)}`);
}
console.log(`${workers} workers, elapse time: ${((performance.now() - t0) / 1000).toFixed(2)}s`);
