/**
 * The seed's `arcfour_futures.py`: 12 RC4 round trips of random bytes (largest first) on a
 * `WorkerPoolExecutor`, waited for with `asCompleted`; prints `N workers, elapsed time: 0.93s`.
 *
 * Usage: `deno task arcfour:futures [WORKERS] [--size BYTES] [--jobs N]` (WORKERS defaults to
 * the CPU count).
 *
 * @module
 */
import {
  ARCFOUR_KEY,
  ARCFOUR_SIZE,
  arcfourJobSizes,
  completedResults,
  jobCommand,
  JOBS,
} from "../lib/cpu/jobs.ts";
import { runCommand } from "../lib/cli/command.ts";
import { fail, firstLine } from "../lib/cli/fail.ts";
import { WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";

const NAME = "arcfour:futures";
const args = runCommand(
  jobCommand(NAME, "RC4 round trips of random bytes, the largest first, on module workers.", {
    size: ARCFOUR_SIZE,
    jobs: JOBS,
  }),
);

const t0 = performance.now();
try {
  await using executor = new WorkerPoolExecutor<typeof import("../lib/cpu/tasks.ts")>(
    new URL("../lib/cpu/tasks.ts", import.meta.url),
    { maxWorkers: args.workers },
  );
  const toDo = arcfourJobSizes(args.size, args.jobs).map((size) =>
    executor.submit("arcfourTest", size, ARCFOUR_KEY)
  );
  await completedResults(toDo);
  const elapsed = (performance.now() - t0) / 1000;
  console.log(`${executor.maxWorkers} workers, elapsed time: ${elapsed.toFixed(2)}s`);
} catch (error) {
  fail(`${NAME}: ${firstLine(error)}`);
}
