/**
 * Writing a file whole or not at all: the bytes go to a temporary file beside
 * the target (a dot file ending in `.part`), which is renamed over it once
 * every byte is written. A reader never sees a partial file, and a failed or
 * interrupted write leaves nothing behind. Every file the project writes —
 * flags, timelines, the server's data — goes through here.
 *
 * @example
 * ```ts ignore
 * import { writeAtomically } from "./atomic.ts";
 * await writeAtomically("downloads/br.gif", [new Uint8Array([0x47, 0x49, 0x46])]);
 * ```
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

/** A fresh temporary name for `path`: `dir/.name.<uuid>.part`. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${crypto.randomUUID()}.part`);
}

/**
 * Writes `chunks` to `path` atomically, as they arrive: the temporary file is
 * created with the first chunk (an error before it creates nothing), and
 * removed if the chunks fail (a bad body, an abort) or the write does; the
 * error is rethrown. Memory holds one chunk at a time. The folder must exist.
 */
export async function writeAtomically(
  path: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  const iterator = Symbol.asyncIterator in chunks
    ? chunks[Symbol.asyncIterator]()
    : chunks[Symbol.iterator]();
  const first = await iterator.next();
  const tmp = temporaryPath(path);
  try {
    {
      using file = await Deno.open(tmp, { write: true, createNew: true });
      for (let next = first; !next.done; next = await iterator.next()) {
        await writeAll(file, next.value);
      }
    }
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    await iterator.return?.();
    throw error;
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let n = 0; n < bytes.length;) n += await file.write(bytes.subarray(n));
}
