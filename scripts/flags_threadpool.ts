/**
 * `deno task flags:threadpool` — Fluent Python's `flags_threadpool.py`: the
 * same 20 downloads, at most `MAX_WORKERS` in flight at once, with
 * `AsyncPoolExecutor.map` (Python's `ThreadPoolExecutor.map`).
 *
 * @module
 */

import { AsyncPoolExecutor } from "../lib/futures/async_pool.ts";
import { downloadOne } from "../lib/flags/series1.ts";
import { main, series1Command } from "../lib/flags/series1_main.ts";

/** How many downloads may be in flight at once. */
export const MAX_WORKERS = 20;

/** Downloads the flags of `ccList` concurrently; returns how many. */
export async function downloadMany(ccList: readonly string[]): Promise<number> {
  const workers = Math.min(MAX_WORKERS, ccList.length);
  console.log("running");
  await using executor = new AsyncPoolExecutor(workers);
  const res = executor.map(downloadOne, [...ccList].sort());
  return (await Array.fromAsync(res)).length;
}

if (import.meta.main) {
  await main(
    series1Command(
      "flags:threadpool",
      "Downloads the same 20 flags, at most 20 at once, with AsyncPoolExecutor.map.",
    ),
    downloadMany,
  );
}
