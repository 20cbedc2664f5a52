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
import { fileURLToPath } from "node:url";
import { COUNTRY_CODES } from "../flags/country_codes.ts";
import { OptionError } from "./options.ts";
import { firstLine } from "../cli/fail.ts";

/** One servable image. */
export interface FlagImage {
  /** The file's bytes. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Strong ETag (quoted), derived from the bytes. */
  etag: string;
  /** Always `"image/gif"`. */
  contentType: string;
}

/** What {@linkcode loadFlagImages} found. */
export interface LoadedImages {
  /** Images by lower-case country code. */
  images: Map<string, FlagImage>;
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

/** The server's own data files (`ss.gif`), made by `deno task server:data`. */
export const DATA_FOLDER: string = fileURLToPath(new URL("./data", import.meta.url));

/**
 * Reads the 194 flags of the book. With `dir`, reads `dir/flags/<cc>/<cc>.gif`
 * and reports codes it lacks; without, reads the bundled GIFs and `data/ss.gif`.
 *
 * @throws {OptionError} when `dir` is not a folder or holds none of the flags.
 */
export async function loadFlagImages(dir?: string): Promise<LoadedImages> {
  const codes = COUNTRY_CODES.map((cc) => cc.toLowerCase());
  const images = new Map<string, FlagImage>();
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
      throw new OptionError(`--dir ${dir}: ${describe(error)}`);
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
        throw new OptionError(`cannot read ${pathOf(cc)}: ${describe(error)}`);
      }
      missing.push(cc);
      return;
    }
    images.set(cc, await flagImage(bytes));
  }));
  if (images.size === 0) {
    throw new OptionError(`--dir ${dir}: no flags/<cc>/<cc>.gif in it`);
  }
  missing.sort();
  return { images, missing };
}

/** Wraps `bytes` as a {@linkcode FlagImage}, computing its ETag. */
export async function flagImage(bytes: Uint8Array<ArrayBuffer>): Promise<FlagImage> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
  return { bytes, etag: `"${hex}"`, contentType: "image/gif" };
}

function describe(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or folder";
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    return "read permission denied";
  }
  return firstLine(error);
}
