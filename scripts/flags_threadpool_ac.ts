/**
 * `deno task flags:threadpool_ac` — Fluent Python's `flags_threadpool_ac.py`:
 * five downloads on three workers with `submit` and `asCompleted`, printing
 * each future as it is scheduled and again, with its result, as it completes
 * (in completion order: the loop runs while the downloads are in flight).
 *
 * @module
 */

import { inspect } from "node:util";
import { AsyncPoolExecutor } from "../lib/futures/async_pool.ts";
import { downloadOne } from "../lib/flags/series1.ts";
import { main } from "../lib/flags/series1_main.ts";
import { asCompleted, type Future } from "../lib/futures/future.ts";
import type { ExecutorObserver } from "../lib/futures/mod.ts";

/** Downloads the flags of the first five codes of `ccList`; returns how many. */
export async function downloadMany(
  ccList: readonly string[],
  observer?: ExecutorObserver,
): Promise<number> {
  await using executor = new AsyncPoolExecutor(3, { observer });
  const toDo: Future<string>[] = [];
  for (const cc of ccList.slice(0, 5).sort()) {
    const future = executor.submit(downloadOne, cc);
    toDo.push(future);
    console.log(`Scheduled for ${cc}:${future}`); // the seed's 'Scheduled for {}:{}'
  }

  const results: string[] = [];
  for await (const future of asCompleted(toDo)) {
    const res = await future.result();
    console.log(`${future} result: ${inspect(res)}`);
    results.push(res);
  }
  return results.length;
}

/** What `deno task flags:threadpool_ac --help` says it does. */
export const ABOUT = "Downloads 5 flags on 3 workers with submit and asCompleted, showing futures.";

if (import.meta.main) await main("flags:threadpool_ac", ABOUT, downloadMany);
