/**
 * The shared part of the flags series 1 (Fluent Python's `flags.py`): where
 * flags come from and go to, `getFlag`, `show`, `downloadOne` and `main`,
 * which times a `downloadMany` over the 20 most populous countries and
 * prints `20 flags downloaded in 0.56s`.
 *
 * The scripts have no command line, as in the book; two environment variables
 * stand in for the book's constants:
 *
 * - `FLAGS_BASE_URL` (default `http://localhost:8002/flags`, the DELAY server)
 * - `FLAGS_DEST_DIR` (default the project's `downloads/`, wherever the script
 *   is run from)
 *
 * @example
 * ```ts ignore
 * import { DEST_DIR, getFlag, main, show } from "./flags.ts";
 * import { saveFlag } from "./save_flag.ts";
 *
 * await main(async (ccList) => {
 *   for (const cc of [...ccList].sort()) {
 *     const image = await getFlag(cc);
 *     show(cc);
 *     await saveFlag(image, DEST_DIR, `${cc.toLowerCase()}.gif`);
 *   }
 *   return ccList.length;
 * });
 * ```
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { POP20_CC } from "./country_codes.ts";
import { fail, isConnectionRefused } from "./fail.ts";
import { saveFlag } from "./save_flag.ts";

/** Where the flags are fetched from: `FLAGS_BASE_URL`, else the book's DELAY server. */
export const BASE_URL: string = (Deno.env.get("FLAGS_BASE_URL") || "http://localhost:8002/flags")
  .replace(/\/+$/, "");

/**
 * Where the flags are saved: `FLAGS_DEST_DIR`, else this project's `downloads/`
 * folder — or, in a `deno compile` binary (which has no project folder), the
 * `downloads/` folder of the working directory.
 */
export const DEST_DIR: string = Deno.env.get("FLAGS_DEST_DIR") ||
  (import.meta.url.includes("/deno-compile-")
    ? "downloads"
    : fileURLToPath(new URL("../downloads/", import.meta.url)));

/**
 * Thrown by {@linkcode getFlag} when nothing listens at the flag server's
 * address. Recognised by its `name`, which survives the trip out of a worker.
 */
export class ServerNotRunningError extends Error {
  /** The URL that could not be reached. */
  readonly url: string;

  /**
   * Creates the error.
   *
   * @param url the URL whose connection was refused.
   */
  constructor(url: string, options?: ErrorOptions) {
    super(
      `cannot connect to ${url}: is the flag server running? Start it with "deno task server".`,
      options,
    );
    this.name = "ServerNotRunningError";
    this.url = url;
  }
}

/** The URL of the flag of country `cc` (any case) under `baseUrl`. */
export function flagUrl(cc: string, baseUrl: string = BASE_URL): string {
  const lower = cc.toLowerCase();
  return `${baseUrl}/${lower}/${lower}.gif`;
}

/**
 * Downloads the flag of country `cc` and returns its bytes.
 *
 * @throws {ServerNotRunningError} when the connection is refused.
 * @throws {Error} when the server answers with a status other than 2xx.
 */
export async function getFlag(cc: string, baseUrl: string = BASE_URL): Promise<Uint8Array> {
  const url = flagUrl(cc, baseUrl);
  let resp: Response;
  try {
    resp = await fetch(url);
  } catch (error) {
    if (isConnectionRefused(error)) throw new ServerNotRunningError(url, { cause: error });
    throw error;
  }
  if (!resp.ok) {
    await resp.body?.cancel();
    throw new Error(`GET ${url}: HTTP ${resp.status} ${resp.statusText}`.trimEnd());
  }
  return await resp.bytes();
}

const encoder = new TextEncoder();

/** Prints `text` and a space on stdout, with no newline, at once (the book's `show`). */
export function show(text: string): void {
  const bytes = encoder.encode(`${text} `);
  for (let n = 0; n < bytes.length;) n += Deno.stdout.writeSync(bytes.subarray(n));
}

/**
 * Downloads one flag, shows its code and saves it as `DEST_DIR/<cc>.gif`
 * (atomically: a reader never sees a partial file). Returns `cc`.
 */
export async function downloadOne(cc: string): Promise<string> {
  const image = await getFlag(cc);
  show(cc);
  await saveFlag(image, DEST_DIR, `${cc.toLowerCase()}.gif`);
  return cc;
}

/** A one-line description of why a run failed, for the user. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const message = error.message.split("\n", 1)[0];
  if (error.name === "ServerNotRunningError") return `error: ${message}`;
  if (error.name === "NotCapable" || error.name === "PermissionDenied") {
    return `error: not allowed: ${message}`;
  }
  return `error: ${error.name}: ${message}`;
}

/**
 * The book's `main`: runs `downloadMany` on the 20 most populous countries,
 * then prints `\n20 flags downloaded in 0.56s`. Any failure (the server not
 * running, a write that is not allowed, an HTTP error) ends the process with
 * one line on stderr and exit status 1.
 */
export async function main(
  downloadMany: (ccList: readonly string[]) => number | Promise<number>,
): Promise<void> {
  if (!/^https?:$/.test(URL.parse(BASE_URL)?.protocol ?? "")) {
    fail(`error: FLAGS_BASE_URL must be an http(s) URL, got "${BASE_URL}"`);
  }
  try {
    await Deno.mkdir(DEST_DIR, { recursive: true });
    const t0 = performance.now();
    const count = await downloadMany(POP20_CC);
    const elapsed = (performance.now() - t0) / 1000;
    console.log(`\n${count} flags downloaded in ${elapsed.toFixed(2)}s`);
  } catch (error) {
    fail(describeFailure(error));
  }
}
