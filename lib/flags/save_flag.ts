/**
 * Saving flags atomically: a reader never sees a partial file, and a failed or interrupted
 * save leaves nothing behind.
 *
 * @example
 * ```ts ignore
 * import { saveFlag } from "./save_flag.ts";
 * const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
 * await saveFlag(gif, "downloads", "br.gif");
 * ```
 *
 * @module
 */

import { writeAtomically } from "../files/atomic.ts";

function folderOf(dir: string): string {
  return dir.endsWith("/") ? dir : `${dir || "."}/`;
}

/**
 * Writes `bytes` to `dir/filename` atomically (lib/files/atomic.ts): a reader never sees a
 * partial file, and a failure leaves nothing.
 *
 * @returns the path written.
 */
export function saveFlag(bytes: Uint8Array, dir: string, filename: string): Promise<string> {
  return saveFlagStream([bytes], dir, filename);
}

/**
 * Writes the chunks of `chunks` to `dir/filename` atomically, as they arrive (see
 * {@linkcode writeAtomically}): nothing is left if the chunks fail (a bad body, an abort) or
 * the write does. Memory holds one chunk at a time.
 *
 * @returns the path written.
 */
export async function saveFlagStream(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  dir: string,
  filename: string,
): Promise<string> {
  const path = folderOf(dir) + filename;
  await writeAtomically(path, chunks);
  return path;
}
