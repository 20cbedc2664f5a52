/**
 * `deno task flags:asyncio` — the book's `flags_asyncio.py`: the same 20
 * downloads, every one started at once, with no pool — plain promises on the
 * event loop, as asyncio's coroutines are. Each code is shown as its flag
 * arrives.
 *
 * @module
 */

import { downloadOne } from "../lib/flags/series1.ts";
import { main } from "../lib/flags/series1_main.ts";
import { type TimelineRecorder, trackWith } from "../lib/timeline/recorder.ts";

/**
 * Starts every download at once and waits for all of them (asyncio's `wait`);
 * returns how many. If any failed, throws the first failure once all have
 * ended, so no download is cut off midway.
 */
export async function downloadMany(
  ccList: readonly string[],
  recorder?: TimelineRecorder,
): Promise<number> {
  const toDo = [...ccList].sort().map((cc) => trackWith(recorder, cc, () => downloadOne(cc)));
  const done = await Promise.allSettled(toDo);
  const failed = done.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return done.length;
}

/** What `deno task flags:asyncio --help` says it does. */
export const ABOUT = "Downloads the same 20 flags, all at once, as plain promises (no pool).";

if (import.meta.main) await main("flags:asyncio", ABOUT, downloadMany);
