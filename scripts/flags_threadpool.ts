/**
 * `deno task flags:threadpool` — Fluent Python's `flags_threadpool.py`: the
 * same 20 downloads, at most `MAX_WORKERS` in flight at once, with
 * `AsyncPoolExecutor.map` (Python's `ThreadPoolExecutor.map`).
 *
 * @module
 */

import { AsyncPoolExecutor } from "../lib/futures/async_pool.ts";
import { downloadOne } from "../lib/flags/series1.ts";
import { main } from "../lib/flags/series1_main.ts";
import type { ExecutorObserver } from "../lib/futures/mod.ts";

/** How many downloads may be in flight at once. */
export const MAX_WORKERS = 20;

/** Downloads the flags of `ccList` concurrently; returns how many. */
export async function downloadMany(
  ccList: readonly string[],
  observer?: ExecutorObserver,
): Promise<number> {
  const workers = Math.min(MAX_WORKERS, ccList.length);
  console.log("running");
  await using executor = new AsyncPoolExecutor(workers, { observer });
  const res = executor.map(downloadOne, [...ccList].sort());
  return (await Array.fromAsync(res)).length;
}

/** What `deno task flags:threadpool --help` says it does. */
export const ABOUT = "Downloads the same 20 flags, at most 20 at once, with AsyncPoolExecutor.map.";

if (import.meta.main) await main("flags:threadpool", ABOUT, downloadMany);
