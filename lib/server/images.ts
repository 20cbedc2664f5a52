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

import { join } from "node:path";
import { COUNTRY_CODES } from "../flags/country_codes.ts";
import { OptionError } from "./options.ts";
import { DATA_FOLDER, describeFileError, type ServedFile, servedFile } from "./files.ts";

/** What {@linkcode loadFlagImages} found. */
export interface LoadedImages {
  /** Images by lower-case country code. */
  images: Map<string, ServedFile>;
  /** Lower-case codes of the book that the source lacks (they answer 404). */
  missing: string[];
}

/** Folder of the bundled GIFs (`<cc>.gif`) inside the `famfamfam-flags` package. */
export function bundledGifFolder(): string {
  return new URL(import.meta.resolve("famfamfam-flags/dist/gif/ad.gif")).pathname.replace(
    /\/ad\.gif$/,
    "",
  );
}

/**
 * Reads the 194 flags of the book. With `dir`, reads `dir/flags/<cc>/<cc>.gif`
 * and reports codes it lacks; without, reads the bundled GIFs and `data/ss.gif`.
 *
 * @throws {OptionError} when `dir` is not a folder or holds none of the flags.
 */
export async function loadFlagImages(dir?: string): Promise<LoadedImages> {
  const codes = COUNTRY_CODES.map((cc) => cc.toLowerCase());
  const images = new Map<string, ServedFile>();
  const missing: string[] = [];
  let pathOf: (cc: string) => string;
  if (dir === undefined) {
    const folder = bundledGifFolder();
    pathOf = (cc) => join(cc === "ss" ? DATA_FOLDER : folder, `${cc}.gif`);
  } else {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(dir);
    } catch (error) {
      throw new OptionError(`--dir ${dir}: ${describeFileError(error)}`);
    }
    if (!info.isDirectory) throw new OptionError(`--dir ${dir}: not a folder`);
    pathOf = (cc) => join(dir, "flags", cc, `${cc}.gif`);
  }
  await Promise.all(codes.map(async (cc) => {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await Deno.readFile(pathOf(cc));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw new OptionError(`cannot read ${pathOf(cc)}: ${describeFileError(error)}`);
      }
      missing.push(cc);
      return;
    }
    images.set(cc, await servedFile(bytes, "image/gif"));
  }));
  if (images.size === 0) {
    throw new OptionError(`--dir ${dir}: no flags/<cc>/<cc>.gif in it`);
  }
  missing.sort();
  return { images, missing };
}
