/**
 * The flag images the server answers with, all read into memory at start:
 * by default the public-domain GIFs of the npm package `famfamfam-flags`
 * (plus South Sudan, which it lacks, from `data/ss.gif`), or a folder laid out
 * like the book's `flags.zip` (`flags/<cc>/<cc>.gif`).
 *
 * @example
 * ```ts
 * import { loadFlagImages } from "./images.ts";
 * const { images } = await loadFlagImages();
 * console.log(images.get("br")?.contentType); // "image/gif"
 * ```
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hasGifSignature } from "../flags/checked_download.ts";
import { OptionError } from "./options.ts";
import {
  DATA_FOLDER,
  loadFolderFiles,
  readPerCode,
  type ServedFile,
  servedFiles,
  SOUTH_SUDAN_FILE,
} from "./files.ts";

/** What {@linkcode loadFlagImages} found. */
export interface LoadedImages {
  /** Images by lower-case country code. */
  images: Map<string, ServedFile>;
  /** Lower-case codes of the book that the source lacks (they answer 404). */
  missing: string[];
}

/** Folder of the bundled GIFs (`<cc>.gif`) inside the `famfamfam-flags` package. */
export function bundledGifFolder(): string {
  return dirname(fileURLToPath(import.meta.resolve("famfamfam-flags/dist/gif/ad.gif")));
}

/** Why `bytes` cannot be served as a GIF, or undefined when they can. */
function gifProblem(bytes: Uint8Array): string | undefined {
  return hasGifSignature(bytes) ? undefined : "not a GIF (it does not start with GIF87a or GIF89a)";
}

/**
 * Reads the 194 flags of the book. With `dir`, reads `dir/flags/<cc>/<cc>.gif`, trusting
 * nothing (see `readFolderFile`: each must be a GIF), and reports codes it lacks; without,
 * reads the bundled GIFs and `data/ss.gif`.
 *
 * @throws {OptionError} naming the folder or file when `dir` is not a folder, holds none of the
 * flags, or holds a file that is not a servable GIF
 */
export async function loadFlagImages(dir?: string): Promise<LoadedImages> {
  if (dir !== undefined) {
    const nameOf = (cc: string) => `flags/${cc}/${cc}.gif`;
    const { files, missing } = await loadFolderFiles(dir, nameOf, gifProblem, "image/gif");
    if (files.size === 0) throw new OptionError(`--dir ${dir}: no flags/<cc>/<cc>.gif in it`);
    return { images: files, missing };
  }
  const folder = bundledGifFolder();
  const { files, missing } = await readPerCode((cc) =>
    Deno.readFile(cc === "ss" ? join(DATA_FOLDER, SOUTH_SUDAN_FILE) : join(folder, `${cc}.gif`))
  );
  return { images: await servedFiles(files, "image/gif"), missing };
}
