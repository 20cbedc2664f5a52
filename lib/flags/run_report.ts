/**
 * What a run of a flag client counted, and the hint that closes a run that went wrong as a
 * whole. Every client counts with {@linkcode countResult} and {@linkcode countError}, prints
 * its report, then asks {@linkcode runHint} whether to add one line on stderr:
 *
 * - no request reached a server at all (nothing listening, an unknown host): how to start the
 *   server, and exit status 1;
 * - every answer was 404, even for codes among the book's 194: the base URL is probably wrong
 *   (`http://HOST:PORT/flags` is its shape). The server answered, so the status stays 0.
 *
 * A run in which the server answered, even with errors (`-s ERROR`), gets no hint.
 *
 * @example
 * ```ts
 * import { countError, newCounter, runHint } from "./run_report.ts";
 * import { ServerNotRunningError } from "./errors.ts";
 *
 * const counter = newCounter();
 * countError(counter, new ServerNotRunningError());
 * runHint(counter, ["BR"], "http://127.0.0.1:9/flags")?.status; // 1
 * ```
 *
 * @module
 */

import { isCountryCode } from "./country_codes.ts";
import { displayUrl } from "./servers.ts";

/** How a code ended (the seed's `HTTPStatus` enum). */
export type DownloadStatus = "ok" | "not_found" | "error";

/** What a run counted: the seed's `Counter` of statuses, and what {@linkcode runHint} needs. */
export interface Counter extends Record<DownloadStatus, number> {
  /** Codes that no server could be reached for (a part of `error`). */
  unreached: number;
  /** Codes a server answered with a status line: `ok`, `not_found`, and HTTP errors. */
  answered: number;
}

/** A fresh counter, every count at 0. */
export function newCounter(): Counter {
  return { ok: 0, not_found: 0, error: 0, unreached: 0, answered: 0 };
}

/** Counts a code that ended `ok` or `not_found` (the server answered). */
export function countResult(counter: Counter, status: "ok" | "not_found"): void {
  counter[status] += 1;
  counter.answered += 1;
}

/**
 * Counts a code whose download failed with `error`, telling apart by its name (which survives
 * the trip out of a worker) a server that was never reached and one that answered.
 */
export function countError(counter: Counter, error: unknown): void {
  counter.error += 1;
  const name = error instanceof Error ? error.name : "";
  if (name === "ServerNotRunningError") counter.unreached += 1;
  if (name === "HTTPError" || name === "NotAFlagError") counter.answered += 1;
}

/**
 * The question that a 404 for one of the book's flags raises.
 *
 * @example
 * ```ts
 * import { baseUrlQuestion } from "./run_report.ts";
 * baseUrlQuestion("http://localhost:8001");
 * // "is http://localhost:8001 the base URL of the flags? It looks like http://HOST:PORT/flags"
 * ```
 */
export function baseUrlQuestion(baseUrl: string): string {
  return `is ${
    displayUrl(baseUrl)
  } the base URL of the flags? It looks like http://HOST:PORT/flags`;
}

/** What to say when no server answered at `baseUrl`. */
export function noServerMessage(baseUrl: string): string {
  return `cannot connect to ${displayUrl(baseUrl)}: is the flag server running? ` +
    `Start it with "deno task server".`;
}

/** A line for stderr after the report, and the exit status it calls for. */
export interface RunHint {
  /** One line, without the command's prefix (lib/cli's `errorLine` adds it). */
  message: string;
  /** An error (no server reached, exit status 1) or a note (status 0). */
  kind: "error" | "note";
  /** 1 when no server was reached, else 0. */
  status: 0 | 1;
}

/**
 * The hint that closes a run, if it needs one (see the module doc).
 *
 * @param ccList the codes the run asked for
 * @param baseUrl where it asked
 */
export function runHint(
  counter: Counter,
  ccList: readonly string[],
  baseUrl: string,
): RunHint | undefined {
  if (counter.error > 0 && counter.unreached === counter.ok + counter.not_found + counter.error) {
    return { message: noServerMessage(baseUrl), kind: "error", status: 1 };
  }
  const known = ccList.some(isCountryCode);
  if (counter.not_found > 0 && counter.not_found === counter.answered && known) {
    const message = `every answer was 404 Not Found, even for the book's flags: ` +
      baseUrlQuestion(baseUrl);
    return { message, kind: "note", status: 0 };
  }
  return undefined;
}
