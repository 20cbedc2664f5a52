/**
 * `deno task flags:processpool` — Fluent Python's `flags_processpool.py`: the
 * 20 downloads spread over module workers with `WorkerPoolExecutor.map`
 * (Python's `ProcessPoolExecutor`); each worker downloads, shows and saves.
 * As in Python, the pool has one worker per CPU by default; unlike a Python
 * process, a worker is an event loop, so each runs its share of the downloads
 * at once (`tasksPerWorker`) and all 20 are in flight together.
 *
 * @module
 */

import { countSaved } from "../lib/flags/series1.ts";
import { main } from "../lib/flags/series1_main.ts";
import { WorkerPoolExecutor } from "../lib/futures/worker_pool.ts";
import type { ExecutorObserver } from "../lib/futures/mod.ts";

/** The worker task module: its `downloadOne` runs in the workers. */
export const TASKS: URL = new URL("../lib/flags/series1_tasks.ts", import.meta.url);

/**
 * Downloads the flags of `ccList` in a pool of `maxWorkers` workers (default:
 * one per CPU), all at once: each worker takes its share; returns how many.
 */
export async function downloadMany(
  ccList: readonly string[],
  maxWorkers: number = navigator.hardwareConcurrency,
  observer?: ExecutorObserver,
): Promise<number> {
  console.log("running");
  const tasksPerWorker = Math.max(1, Math.ceil(ccList.length / maxWorkers));
  await using executor = new WorkerPoolExecutor<typeof import("../lib/flags/series1_tasks.ts")>(
    TASKS,
    {
      maxWorkers,
      tasksPerWorker,
      observer,
    },
  );
  const res = executor.map("downloadOne", [...ccList].sort());
  return (await Array.fromAsync(res, countSaved)).length;
}

/** What `deno task flags:processpool --help` says it does. */
export const ABOUT = "Downloads the 20 flags on module workers with WorkerPoolExecutor.map.";

if (import.meta.main) {
  await main(
    "flags:processpool",
    ABOUT,
    (ccList, recorder) => downloadMany(ccList, undefined, recorder),
  );
}
