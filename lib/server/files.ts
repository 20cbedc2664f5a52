/**
 * What the server serves from memory: a {@linkcode ServedFile} (bytes, ETag, content type), read
 * once at start; where the server's own data files lie ({@linkcode DATA_FOLDER}); and how a file
 * of a `--dir` folder is read, trusting nothing (`readFolderFile`): only a regular file
 * that resolves inside the folder, under {@linkcode MAX_FILE_BYTES}, whose content passes a check.
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

import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { firstLine } from "../cli/fail.ts";
import { OptionError } from "./options.ts";
import { COUNTRY_CODES } from "../flags/country_codes.ts";

/** The server's own data files (`ss.gif`, `metadata.jsonl`), made by `deno task server:data`. */
export const DATA_FOLDER: string = fileURLToPath(new URL("./data", import.meta.url));

/** The data file of South Sudan's flag, which the `famfamfam-flags` package lacks. */
export const SOUTH_SUDAN_FILE = "ss.gif";

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
function describeFileError(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or folder";
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    return "read permission denied";
  }
  return firstLine(error);
}

/** Largest file a `--dir` folder may hold (the book's largest flag is 36 KB). */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Resolves a `--dir` folder to its real path.
 *
 * @throws {OptionError} `--dir PATH: reason` when it is missing or not a folder
 */
async function resolveFolder(dir: string): Promise<string> {
  try {
    const real = await Deno.realPath(dir);
    if (!(await Deno.stat(real)).isDirectory) throw new OptionError(`--dir ${dir}: not a folder`);
    return real;
  } catch (error) {
    if (error instanceof OptionError) throw error;
    throw new OptionError(`--dir ${dir}: ${describeFileError(error)}`);
  }
}

/**
 * Reads `name` (a relative path) of the folder whose real path is `root` (see
 * `resolveFolder`), trusting nothing: it must be a regular file (not a FIFO, a device,
 * a folder) that resolves inside `root` (a symbolic link may point to another file inside), of
 * at most {@linkcode MAX_FILE_BYTES}, and `problem` must find nothing wrong with its bytes.
 * Checked before the file is opened, so nothing can block or grow the read.
 *
 * @param dir the folder as the user named it, for messages
 * @returns the bytes, or undefined when there is no such file
 * @throws {OptionError} `--dir DIR: NAME: reason` for anything else
 */
async function readFolderFile(
  dir: string,
  root: string,
  name: string,
  problem: (bytes: Uint8Array) => string | undefined,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const refuse = (why: string) => new OptionError(`--dir ${dir}: ${name}: ${why}`);
  const path = join(root, name);
  let real: string;
  try {
    real = await Deno.realPath(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw refuse(describeFileError(error));
    // Nothing there, or a symbolic link to nothing: only the link itself is there.
    const isLink = await Deno.lstat(path).then(() => true, () => false);
    if (!isLink) return undefined;
    throw refuse("a link to nothing");
  }
  if (!real.startsWith(root + sep)) throw refuse(`resolves outside the folder, to ${real}`);
  const info = await Deno.stat(real).catch((error) => {
    throw refuse(describeFileError(error));
  });
  if (!info.isFile) throw refuse(`not a regular file (${kindOf(info)})`);
  if (info.size > MAX_FILE_BYTES) {
    throw refuse(`${info.size} bytes, over the ${MAX_FILE_BYTES}-byte cap`);
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readAtMost(real, info.size);
  } catch (error) {
    throw refuse(describeFileError(error));
  }
  if (bytes.length > info.size) throw refuse("grew while it was read");
  const wrong = problem(bytes);
  if (wrong !== undefined) throw refuse(wrong);
  return bytes;
}

/** The first `size + 1` bytes of `path` at most (one more shows that it grew). */
async function readAtMost(path: string, size: number): Promise<Uint8Array<ArrayBuffer>> {
  using file = await Deno.open(path);
  const buffer = new Uint8Array(size + 1);
  let filled = 0;
  while (filled < buffer.length) {
    const n = await file.read(buffer.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return buffer.slice(0, filled);
}

function kindOf(info: Deno.FileInfo): string {
  if (info.isDirectory) return "a folder";
  if (info.isFifo) return "a FIFO";
  if (info.isCharDevice || info.isBlockDevice) return "a device";
  if (info.isSocket) return "a socket";
  return "not a file";
}

/** One file per code of the book (bytes, or a {@linkcode ServedFile}); the codes without one. */
export interface PerCode<T = Uint8Array<ArrayBuffer>> {
  /** Each file, by lower-case code. */
  files: Map<string, T>;
  /** Lower-case codes without a file, sorted. */
  missing: string[];
}

/**
 * Reads one file per code of the book with `read` (undefined: no file), all at once. It waits
 * for every read before it throws, so no read outlives it, and throws the first error in code
 * order, so the message does not depend on timing.
 */
export async function readPerCode(
  read: (cc: string) => Promise<Uint8Array<ArrayBuffer> | undefined>,
): Promise<PerCode> {
  const codes = COUNTRY_CODES.map((cc) => cc.toLowerCase());
  const results = await Promise.allSettled(codes.map(read));
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  const missing: string[] = [];
  results.forEach((result, i) => {
    if (result.status === "rejected") throw result.reason;
    if (result.value === undefined) missing.push(codes[i]);
    else files.set(codes[i], result.value);
  });
  return { files, missing };
}

/**
 * Loads the file `nameOf(cc)` of folder `dir` for each code of the book (see
 * {@linkcode readPerCode}), each read by `readFolderFile` with its `problem` check, as a
 * {@linkcode ServedFile} of `contentType`.
 *
 * @throws {OptionError} naming the folder or the file (see `readFolderFile`)
 */
export async function loadFolderFiles(
  dir: string,
  nameOf: (cc: string) => string,
  problem: (bytes: Uint8Array) => string | undefined,
  contentType: string,
): Promise<PerCode<ServedFile>> {
  const root = await resolveFolder(dir);
  const found = await readPerCode((cc) => readFolderFile(dir, root, nameOf(cc), problem));
  return { files: await servedFiles(found.files, contentType), missing: found.missing };
}

/** Wraps each file of `files` as a {@linkcode ServedFile} of `contentType`. */
export async function servedFiles(
  files: ReadonlyMap<string, Uint8Array<ArrayBuffer>>,
  contentType: string,
): Promise<Map<string, ServedFile>> {
  const served = new Map<string, ServedFile>();
  for (const [cc, bytes] of files) served.set(cc, await servedFile(bytes, contentType));
  return served;
}
