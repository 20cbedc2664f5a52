/**
 * One code of the flags3 series (the book's `flags3_threadpool.py` and
 * `flags3_asyncio.py`): its GIF, then its `metadata.json` for the country's
 * name, saved as `{country with spaces → _}-{CC}.gif`
 * (`United_States_of_America-US.gif`).
 *
 * A 404 on either request means the code is `not_found`; any other failure
 * (another status, a connection or timeout error, metadata that is not a
 * small JSON object with a usable `country`, a failed write) is an error for
 * that code. Nothing is saved unless both requests succeed, and the file is
 * written atomically.
 *
 * @example
 * ```ts ignore
 * import { downloadOne } from "./download.ts";
 *
 * const res = await downloadOne("http://localhost:8001/flags", "BR", { destDir: "downloads" });
 * console.log(res); // { status: "ok", cc: "BR" }, saved as downloads/Brazil-BR.gif
 * ```
 *
 * @module
 */

import { fetchFlag, type FetchFlagOptions } from "../checked_download.ts";
import { DownloadError, HTTPError, NotAFlagError } from "../errors.ts";
import { temporaryPath } from "../../files/atomic.ts";
import { flagUrl, metadataUrl } from "../servers.ts";
import type { DownloadOneOptions, DownloadStatus, Result } from "../flags2/download.ts";
import type { Permits } from "../flags2/asyncio.ts";

/** The most bytes a `metadata.json` may have (the book's are about 70). */
export const METADATA_MAX_BYTES = 4096;

/** The most bytes (UTF-8) of a country name used in a file name. */
export const COUNTRY_NAME_MAX_BYTES = 200;

/** The metadata was not what the book's `flags.zip` holds: a small JSON object with a name. */
export class MetadataError extends DownloadError {
  /** Always `"MetadataError"`. */
  override name = "MetadataError";
}

/**
 * The file name flags3 saves a flag under: the country's name with its spaces
 * replaced by `_`, a dash, the code in upper case, `.gif`.
 *
 * @throws {MetadataError} for a name that could not be a plain file name in
 * the destination folder (empty, too long, with a path separator or a control
 * character, or starting with a dot).
 *
 * @example
 * ```ts
 * import { flags3FileName } from "./download.ts";
 * flags3FileName("Korea, South", "kr"); // "Korea,_South-KR.gif"
 * ```
 */
export function flags3FileName(country: string, cc: string): string {
  if (
    country === "" || country.startsWith(".") || /[/\\\p{Cc}]/u.test(country) ||
    new TextEncoder().encode(country).length > COUNTRY_NAME_MAX_BYTES
  ) {
    throw new MetadataError(`Bad country name in metadata: ${JSON.stringify(country)}`);
  }
  return `${country.replaceAll(" ", "_")}-${cc.toUpperCase()}.gif`;
}

/**
 * The `country` of a `metadata.json` body.
 *
 * @throws {MetadataError} unless the body is UTF-8 JSON for an object whose `country` is a
 * string.
 */
export function countryOf(body: Uint8Array): string {
  let metadata: unknown;
  try {
    metadata = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new MetadataError("Bad metadata: not JSON");
  }
  const country = (metadata as { country?: unknown } | null)?.country;
  if (typeof country !== "string") throw new MetadataError("Bad metadata: no country name");
  return country;
}

/**
 * Fetches the name of country `cc` from its `metadata.json`, through the shared checked
 * download (status, timeout, Content-Length), capped at {@linkcode METADATA_MAX_BYTES}.
 *
 * @throws {HTTPError} for any status but 200 (404 included).
 * @throws {ConnectionError}, {DownloadTimeoutError} as every download does.
 * @throws {MetadataError} when the body is too big, cut short, or not a JSON object with a
 * `country`.
 */
export async function getCountry(
  baseUrl: string,
  cc: string,
  options: Omit<FetchFlagOptions, "gif" | "maxBytes"> = {},
): Promise<string> {
  let body: Uint8Array;
  try {
    body = await fetchFlag(metadataUrl(baseUrl, cc), {
      ...options,
      gif: false,
      maxBytes: METADATA_MAX_BYTES,
    });
  } catch (error) {
    if (error instanceof NotAFlagError) throw new MetadataError(`Bad metadata: ${error.message}`);
    throw error;
  }
  return countryOf(body);
}

/**
 * Downloads one code's flag and country name and saves the flag as
 * `{country}-{CC}.gif`: the book's flags3 `download_one`. With `permits` (a
 * semaphore's), each of the two requests holds a permit on its own
 * (`flags3_asyncio.py`); without one, the caller bounds the calls (a pool).
 *
 * The GIF, checked as flags2's are, is written to a temporary file while its
 * metadata is fetched (neither request waits for the disk, and memory holds a
 * flag only until it is written); the file takes its name once both are done,
 * and is removed if either failed.
 *
 * @returns `ok`, or `not_found` when either request got a 404
 * @throws any other failure of the requests, the metadata or the files
 */
export async function downloadOne(
  baseUrl: string,
  cc: string,
  { destDir, verbose = false, log = console.log, timeout, signal, maxBytes }: DownloadOneOptions,
  permits?: Permits,
): Promise<Result> {
  const request = async <T>(get: () => Promise<T>): Promise<T> => {
    if (permits === undefined) return await get();
    using _ = await permits.acquire({ signal });
    return await get();
  };
  let status: DownloadStatus = "ok";
  try {
    const image = await request(() =>
      fetchFlag(flagUrl(baseUrl, cc), { timeout, signal, maxBytes })
    );
    const temporary = temporaryPath(`${destDir}/${cc}.gif`);
    const [written, country] = await Promise.allSettled([
      Deno.writeFile(temporary, image, { createNew: true }),
      request(() => getCountry(baseUrl, cc, { timeout, signal })),
    ]);
    try {
      if (country.status === "rejected") throw country.reason;
      if (written.status === "rejected") throw written.reason;
      await Deno.rename(temporary, `${destDir}/${flags3FileName(country.value, cc)}`);
    } catch (error) {
      await Deno.remove(temporary).catch(() => {});
      throw error;
    }
  } catch (error) {
    if (!(error instanceof HTTPError && error.status === 404)) throw error;
    status = "not_found";
  }
  if (verbose) log(`${cc} ${status === "ok" ? "OK" : "not found"}`);
  return { status, cc };
}
