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

function folderOf(dir: string): string {
  return dir.endsWith("/") ? dir : `${dir || "."}/`;
}

/** The name of a temporary file for `filename` in `folder` (`""` or a path ending in `/`). */
export function temporaryName(folder: string, filename: string): string {
  return `${folder}.${filename}.${crypto.randomUUID()}.part`;
}

/**
 * Writes `bytes` to `dir/filename` atomically: the data goes to a temporary file in the same
 * folder, which is then renamed over the target. On any failure the temporary file is removed
 * and the error is rethrown.
 *
 * @returns the path written.
 */
export function saveFlag(bytes: Uint8Array, dir: string, filename: string): Promise<string> {
  return saveFlagStream([bytes], dir, filename);
}

/**
 * Writes the chunks of `chunks` to `dir/filename` atomically, as they arrive: the temporary
 * file is created with the first chunk (an error before it creates nothing), and removed if the
 * chunks fail (a bad body, an abort) or the write does. Memory holds one chunk at a time.
 *
 * @returns the path written.
 */
export async function saveFlagStream(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  dir: string,
  filename: string,
): Promise<string> {
  const iterator = Symbol.asyncIterator in chunks
    ? chunks[Symbol.asyncIterator]()
    : chunks[Symbol.iterator]();
  const first = await iterator.next();
  const folder = folderOf(dir);
  const tmp = temporaryName(folder, filename);
  try {
    {
      using file = await Deno.open(tmp, { write: true, createNew: true });
      for (let next = first; !next.done; next = await iterator.next()) {
        await writeAll(file, next.value);
      }
    }
    await Deno.rename(tmp, folder + filename);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    await iterator.return?.();
    throw error;
  }
  return folder + filename;
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let n = 0; n < bytes.length;) n += await file.write(bytes.subarray(n));
}
