/**
 * What the flags series 1 (Fluent Python's `flags.py` and its pool variants) downloads with:
 * where flags come from and go to, `getFlag`, `show`, `saveFlag` and `downloadOne`. The workers of
 * `flags:processpool` load this module too, so it imports nothing outside lib/flags/ (the
 * task's read grant); the scripts' `main` is in `series1_main.ts`.
 *
 * The scripts have no command line, as in the book; environment variables stand in for the
 * book's constants (lib/flags/settings.ts): `FLAGS_BASE_URL` (default the DELAY server),
 * `FLAGS_DEST_DIR` and `FLAGS_TIMEOUT` (seconds, default 10).
 *
 * @example
 * ```ts ignore
 * import { BASE_URL, DEST_DIR, getFlag, show } from "./series1.ts";
 * import { saveFlag as saveFlagIn } from "./save_flag.ts";
 *
 * const image = await getFlag(BASE_URL, "BR");
 * show("BR");
 * await saveFlag(image, DEST_DIR, "br.gif");
 * ```
 *
 * @module
 */

import { DEFAULT_TIMEOUT, fetchFlag } from "./checked_download.ts";
import { DownloadError } from "./errors.ts";
import { saveFlag as saveFlagIn } from "./save_flag.ts";
import { flagUrl, SERVERS } from "./servers.ts";
import { destDir, readTimeout, setting } from "./settings.ts";

/** Where the flags are fetched from: `FLAGS_BASE_URL`, else the book's DELAY server. */
export const BASE_URL: string = (setting("FLAGS_BASE_URL") ?? SERVERS.DELAY).replace(/\/+$/, "");

/** Where the flags are saved: `FLAGS_DEST_DIR`, else `downloads` in the working folder. */
export const DEST_DIR: string = destDir();

const timeout = readTimeout();

/** Aborts this thread's downloads when the run is interrupted (set by `main`). */
let interruption: AbortSignal | undefined;

/** Flags this thread has saved, or (in flags:processpool's main thread) received. */
let saved = 0;

/**
 * Makes this thread's downloads abort with `signal` (`main` passes its Ctrl+C signal; each
 * worker of flags:processpool its own).
 */
export function abortDownloadsOn(signal: AbortSignal): void {
  interruption = signal;
}

/** How many flags this thread has counted so far (the report of an interrupted run). */
export function flagsSaved(): number {
  return saved;
}

/**
 * Counts a flag that a worker saved, as its result reaches the main thread; returns it (for
 * `Array.fromAsync(results, countSaved)`).
 */
export function countSaved<T>(result: T): T {
  saved++;
  return result;
}

/**
 * Seconds a request may take: `FLAGS_TIMEOUT`, else 10 (`main` refuses a `FLAGS_TIMEOUT` that
 * is not a number of seconds before anything runs).
 */
export const TIMEOUT: number = "seconds" in timeout ? timeout.seconds : DEFAULT_TIMEOUT;

/**
 * Downloads the flag of country `cc` from `baseUrl` and returns its bytes, checked to be a flag
 * (see {@linkcode fetchFlag}). An error's message starts with the code: `BD: HTTP error 404 -
 * Not Found`.
 *
 * @throws {DownloadError} when the flag did not arrive (a `ServerNotRunningError` when no
 *   server could be reached at all).
 */
export async function getFlag(baseUrl: string, cc: string): Promise<Uint8Array> {
  try {
    return await fetchFlag(flagUrl(baseUrl, cc), { timeout: TIMEOUT, signal: interruption });
  } catch (error) {
    // The code goes into the message, which is all that crosses from a worker with the name.
    if (error instanceof DownloadError) error.message = `${cc}: ${error.message}`;
    throw error;
  }
}

const encoder = new TextEncoder();

/** Prints `text` and a space on stdout, with no newline, at once (the book's `show`). */
export function show(text: string): void {
  const bytes = encoder.encode(`${text} `);
  for (let n = 0; n < bytes.length;) n += Deno.stdout.writeSync(bytes.subarray(n));
}

/**
 * The book's `save_flag(img, filename)`: saves `img` as `DEST_DIR/filename`, atomically (a
 * reader never sees a partial file), and counts it.
 */
export async function saveFlag(img: Uint8Array, filename: string): Promise<void> {
  await saveFlagIn(img, DEST_DIR, filename);
  saved++;
}

/** Downloads one flag, shows its code and saves it as `DEST_DIR/<cc>.gif`. Returns `cc`. */
export async function downloadOne(cc: string): Promise<string> {
  const image = await getFlag(BASE_URL, cc);
  show(cc);
  await saveFlag(image, `${cc.toLowerCase()}.gif`);
  return cc;
}
