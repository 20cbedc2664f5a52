/**
 * What the server serves from memory: a {@linkcode ServedFile} (bytes, ETag, content type), read
 * once at start, and where the server's own data files lie ({@linkcode DATA_FOLDER}).
 *
 * @example
 * ```ts
 * import { servedFile } from "./files.ts";
 * const file = await servedFile(new TextEncoder().encode("{}"), "application/json");
 * console.log(file.etag.length); // 26: a quoted strong ETag
 * ```
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { firstLine } from "../cli/fail.ts";

/** The server's own data files (`ss.gif`, `metadata.jsonl`), made by `deno task server:data`. */
export const DATA_FOLDER: string = fileURLToPath(new URL("./data", import.meta.url));

/** One file the server answers with. */
export interface ServedFile {
  /** The file's bytes. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Strong ETag (quoted), derived from the bytes. */
  etag: string;
  /** `image/gif` or `application/json`. */
  contentType: string;
}

/** Wraps `bytes` as a {@linkcode ServedFile}, computing its ETag. */
export async function servedFile(
  bytes: Uint8Array<ArrayBuffer>,
  contentType: string,
): Promise<ServedFile> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
  return { bytes, etag: `"${hex}"`, contentType };
}

/** A file-system error in a few words, for a one-line message. */
export function describeFileError(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or folder";
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    return "read permission denied";
  }
  return firstLine(error);
}
