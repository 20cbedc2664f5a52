/**
 * `deno task flags` — Fluent Python's `flags.py`: downloads the flags of the
 * 20 most populous countries one after the other, in alphabetical order.
 *
 * @module
 */

import { BASE_URL, getFlag, saveFlag, show } from "../lib/flags/series1.ts";
import { main } from "../lib/flags/series1_main.ts";
import { type TimelineRecorder, trackWith } from "../lib/timeline/recorder.ts";

/** Downloads the flags of `ccList` sequentially; returns how many. */
export async function downloadMany(
  ccList: readonly string[],
  recorder?: TimelineRecorder,
): Promise<number> {
  for (const cc of [...ccList].sort()) {
    await trackWith(recorder, cc, async () => {
      const image = await getFlag(BASE_URL, cc);
      show(cc);
      await saveFlag(image, `${cc.toLowerCase()}.gif`);
    });
  }
  return ccList.length;
}

/** What `deno task flags --help` says it does. */
export const ABOUT = "Downloads the flags of the 20 most populous countries, one after the other.";

if (import.meta.main) await main("flags", ABOUT, downloadMany);
