/**
 * Downloading one flag with error handling (the seed's `get_flag` and
 * `download_one` in `flags2_sequential.py`), and the classification every
 * code ends in: `ok`, `not_found` (HTTP 404) or `error` (any other status, a
 * refused or reset connection, a truncated body, a timeout, a failed write).
 *
 * Every response body is read to the end or cancelled;
 * a flag is written atomically, so a failed download leaves no file.
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

import { ConnectionError, DownloadError, DownloadTimeoutError, HTTPError } from "../errors.ts";
import { saveFlag } from "../save_flag.ts";
import { flagUrl } from "../servers.ts";

/** How a code ended (the seed's `HTTPStatus` enum). */
export type DownloadStatus = "ok" | "not_found" | "error";

/** The outcome of {@linkcode downloadOne} when it does not throw (the seed's `Result`). */
export interface Result {
  /** `ok` or `not_found`. */
  status: DownloadStatus;
  /** The country code. */
  cc: string;
}

/** How many codes ended in each status (the seed's `collections.Counter`). */
export type Counter = Record<DownloadStatus, number>;

/** A fresh counter with every status at 0. */
export function newCounter(): Counter {
  return { ok: 0, not_found: 0, error: 0 };
}

/**
 * The text shown after `*** Error for CC: ` for an error thrown by
 * {@linkcode getFlag} or {@linkcode downloadOne}.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof DownloadError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Options of {@linkcode getFlag}. */
export interface GetFlagOptions {
  /** Seconds before the request (headers and body) is abandoned; default 10. */
  timeout?: number;
}

/**
 * Fetches one flag's bytes.
 *
 * @throws {HTTPError} for any status but 200 (404 included: {@linkcode downloadOne} handles it).
 * @throws {ConnectionError} when the connection fails or the body is cut short.
 * @throws {DownloadTimeoutError} after `timeout` seconds.
 */
export async function getFlag(
  baseUrl: string,
  cc: string,
  { timeout = 10 }: GetFlagOptions = {},
): Promise<Uint8Array> {
  // One signal covers the headers and the body. Its timer is unref'd: it never
  // keeps the process alive, and it is cheaper than an AbortController plus a
  // setTimeout/clearTimeout pair per request (bench/flags2_delay_timeline.ts).
  const signal = AbortSignal.timeout(timeout * 1000);
  const wrap = (error: unknown) =>
    signal.aborted ? new DownloadTimeoutError(timeout) : new ConnectionError({ cause: error });
  let response: Response;
  try {
    response = await fetch(flagUrl(baseUrl, cc), { signal });
  } catch (error) {
    throw wrap(error);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw new HTTPError(response.status, response.statusText);
  }
  try {
    return await response.bytes();
  } catch (error) {
    throw wrap(error);
  }
}

/** Options of {@linkcode downloadOne}. */
export interface DownloadOneOptions extends GetFlagOptions {
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
  { destDir, verbose = false, log = console.log, timeout }: DownloadOneOptions,
): Promise<Result> {
  let status: DownloadStatus;
  let msg: string;
  try {
    const image = await getFlag(baseUrl, cc, { timeout });
    await saveFlag(image, destDir, `${cc.toLowerCase()}.gif`);
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
