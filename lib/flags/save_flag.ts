/**
 * Atomic file saving for downloaded flags: a reader never sees a partial file.
 *
 * @example
 * ```ts
 * import { saveFlag } from "./save_flag.ts";
 * const gif = new Uint8Array([0x47, 0x49, 0x46]);
 * await saveFlag(gif, "downloads", "br.gif");
 * ```
 *
 * @module
 */

/**
 * Writes `bytes` to `dir/filename` atomically: the data goes to a temporary
 * file in the same folder, which is then renamed over the target. On any
 * failure the temporary file is removed and the error is rethrown.
 *
 * @returns the path written.
 */
export async function saveFlag(bytes: Uint8Array, dir: string, filename: string): Promise<string> {
  const folder = dir.endsWith("/") ? dir : `${dir || "."}/`;
  const path = folder + filename;
  const tmp = `${folder}.${filename}.${crypto.randomUUID()}.part`;
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
  return path;
}
