/**
 * The flags2 scripts' reports (the seed's `initial_report` and `final_report`),
 * as text: the caller prints them. The seed's plural rules are kept, with its
 * `28 error s.` typo fixed to `28 errors.`.
 *
 * @example
 * ```ts
 * import { finalReport, initialReport } from "./reports.ts";
 *
 * console.log(initialReport(["AD", "LK"], 2, "ERROR", "http://localhost:8003/flags"));
 * console.log(finalReport({ ok: 72, not_found: 0, error: 28 }, 700));
 * ```
 *
 * @module
 */

import type { DownloadStatus } from "../run_report.ts";
import { displayUrl } from "../servers.ts";

const plural = (count: number): string => (count !== 1 ? "s" : "");

/**
 * The lines printed before downloading (a password in the URL shows as `***`):
 * `ERROR site: http://localhost:8003/flags`, `Searching for 100 flags: from AD to LK`,
 * `100 concurrent connections will be used.`
 *
 * Up to 10 codes are listed one by one (`Searching for 2 flags: BR, CN`).
 */
export function initialReport(
  ccList: readonly string[],
  actualReq: number,
  serverLabel: string,
  baseUrl: string,
): string {
  const ccMsg = ccList.length <= 10
    ? ccList.join(", ")
    : `from ${ccList[0]} to ${ccList[ccList.length - 1]}`;
  return [
    `${serverLabel} site: ${displayUrl(baseUrl)}`,
    `Searching for ${ccList.length} flag${plural(ccList.length)}: ${ccMsg}`,
    `${actualReq} concurrent connection${plural(actualReq)} will be used.`,
  ].join("\n");
}

/**
 * The lines printed after downloading: a rule, `N flags downloaded.`,
 * `N not found.` and `N errors.` (each only when not zero), `Elapsed time: 0.70s`.
 *
 * @param elapsedMs milliseconds the downloads took.
 */
export function finalReport(counter: Record<DownloadStatus, number>, elapsedMs: number): string {
  const lines = ["-".repeat(20), `${counter.ok} flag${plural(counter.ok)} downloaded.`];
  if (counter.not_found) lines.push(`${counter.not_found} not found.`);
  if (counter.error) lines.push(`${counter.error} error${plural(counter.error)}.`);
  lines.push(`Elapsed time: ${(elapsedMs / 1000).toFixed(2)}s`);
  return lines.join("\n");
}
