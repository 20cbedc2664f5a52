/**
 * The `main` of the flags series 1 (the book's `flags.main`): times a `downloadMany` over the
 * 20 most populous countries and prints `20 flags downloaded in 0.56s`; any failure is one line
 * on stderr and exit status 1.
 *
 * @example
 * ```ts ignore
 * import { main } from "./series1_main.ts";
 * import { downloadOne } from "./series1.ts";
 *
 * await main(async (ccList) => {
 *   for (const cc of [...ccList].sort()) await downloadOne(cc);
 *   return ccList.length;
 * });
 * ```
 *
 * @module
 */

import { fail, firstLine } from "../cli/fail.ts";
import { POP20_CC } from "./country_codes.ts";
import { BASE_URL, DEST_DIR } from "./series1.ts";

/** A one-line description of why a run failed, for the user. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const message = firstLine(error);
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
