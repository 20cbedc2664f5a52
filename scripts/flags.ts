/**
 * `deno task flags` — Fluent Python's `flags.py`: downloads the flags of the
 * 20 most populous countries one after the other, in alphabetical order.
 *
 * @module
 */

import { DEST_DIR, getFlag, main, show } from "../lib/flags.ts";
import { saveFlag } from "../lib/save_flag.ts";

/** Downloads the flags of `ccList` sequentially; returns how many. */
export async function downloadMany(ccList: readonly string[]): Promise<number> {
  for (const cc of [...ccList].sort()) {
    const image = await getFlag(cc);
    show(cc);
    await saveFlag(image, DEST_DIR, `${cc.toLowerCase()}.gif`);
  }
  return ccList.length;
}

if (import.meta.main) await main(downloadMany);
