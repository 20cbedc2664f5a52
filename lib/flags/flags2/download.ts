/**
 * Downloading one flag with error handling (the seed's `get_flag` and
 * `download_one` in `flags2_sequential.py`), and the classification every
 * code ends in: `ok`, `not_found` (HTTP 404) or `error` (any other status, a
 * 200 that is no flag, a refused or reset connection, a timeout, a failed write).
 *
 * A flag streams into a temporary file that becomes `cc.gif` only once the shared checks of
 * lib/flags/checked_download.ts passed, so a failed download leaves no file.
 *
 * @example
 * ```ts ignore
 * import { downloadOne, errorMessage } from "./download.ts";
 *
 * try {
 *   const res = await downloadOne("http://localhost:8001/flags", "BR", {
 *     destDir: "downloads",
 *     verbose: true, // prints "BR OK"
 *   });
 *   console.log(res.status); // "ok"
 * } catch (error) {
 *   console.log(errorMessage(error)); // e.g. "HTTP error 503 - Service Unavailable"
 * }
 * ```
 *
 * @module
 */

import { downloadFlag, fetchFlag, type FetchFlagOptions } from "../checked_download.ts";
import { DownloadError, HTTPError } from "../errors.ts";
import { flagUrl } from "../servers.ts";

export type { Counter, DownloadStatus } from "../run_report.ts";
export { newCounter } from "../run_report.ts";

/** The outcome of {@linkcode downloadOne} when it does not throw (the seed's `Result`). */
export interface Result {
  /** `ok` or `not_found`. */
  status: "ok" | "not_found";
  /** The country code. */
  cc: string;
}

/**
 * The text shown after `*** Error for CC:` for an error thrown by
 * {@linkcode getFlag} or {@linkcode downloadOne}.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof DownloadError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Fetches one flag's bytes, checked to be a flag (the shared {@linkcode fetchFlag}).
 *
 * @throws {HTTPError} for any status but 200 (404 included: {@linkcode downloadOne} handles it).
 * @throws {NotAFlagError} for a 200 that is not a flag (`not a GIF`, `body over 4 MiB`,
 *   `truncated: 10 of 361 bytes`).
 * @throws {ConnectionError} when the connection fails.
 * @throws {DownloadTimeoutError} after `timeout` seconds.
 */
export function getFlag(
  baseUrl: string,
  cc: string,
  options: FetchFlagOptions = {},
): Promise<Uint8Array> {
  return fetchFlag(flagUrl(baseUrl, cc), options);
}

/** Options of {@linkcode downloadOne}. */
export interface DownloadOneOptions extends FetchFlagOptions {
  /** Folder the flag is saved in (as `cc.gif`, lower case); it must exist. */
  destDir: string;
  /** Print `CC OK` / `CC not found`. */
  verbose?: boolean;
  /** Where verbose lines go; default `console.log`. */
  log?: (line: string) => void;
}

/**
 * Downloads and saves one flag. A 404 is a result (`not_found`), not an error.
 *
 * @throws whatever {@linkcode getFlag} throws for other failures, or the error
 *   of writing the file.
 */
export async function downloadOne(
  baseUrl: string,
  cc: string,
  { destDir, verbose = false, log = console.log, timeout, signal, maxBytes }: DownloadOneOptions,
): Promise<Result> {
  let status: Result["status"];
  let msg: string;
  try {
    const url = flagUrl(baseUrl, cc);
    await downloadFlag(url, destDir, `${cc.toLowerCase()}.gif`, { timeout, signal, maxBytes });
    status = "ok";
    msg = "OK";
  } catch (error) {
    if (!(error instanceof HTTPError && error.status === 404)) throw error;
    status = "not_found";
    msg = "not found";
  }
  if (verbose) log(`${cc} ${msg}`);
  return { status, cc };
}
