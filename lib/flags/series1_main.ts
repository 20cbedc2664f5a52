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
 * await main("flags", "Downloads 20 flags.", async (ccList) => {
 *   for (const cc of [...ccList].sort()) await downloadOne(cc);
 *   return ccList.length;
 * });
 * ```
 *
 * @module
 */

import { type CommandSpec, exitWithError, runCommand } from "../cli/command.ts";
import { firstLine } from "../cli/fail.ts";
import { POP20_CC } from "./country_codes.ts";
import { abortDownloadsOn, BASE_URL, DEST_DIR, flagsSaved } from "./series1.ts";
import { Interrupt } from "./interrupt.ts";
import { displayUrl, parseBaseUrl } from "./servers.ts";
import { baseUrlQuestion, noServerMessage } from "./run_report.ts";
import { readTimeout, setting, SETTINGS } from "./settings.ts";
import { writeRunTimeline } from "./timeline.ts";
import { timelineProblem } from "../timeline/file.ts";
import { TimelineRecorder } from "../timeline/recorder.ts";

/** The help's closing lines: each variable, what it sets and its default. */
export const ENVIRONMENT_HELP: string = [
  "Like the book's, these scripts have no options; environment variables stand in",
  "for its constants:",
  ...Object.entries(SETTINGS).flatMap(([name, { about, default: value }]) => [
    `  ${name.padEnd(14)}  ${about}`,
    `  ${"".padEnd(14)}  default: ${value}`,
  ]),
].join("\n");

/** The command line of a series-1 script: `-h` only, the environment variables in its help. */
export function series1Command(
  task: string,
  description: string,
): CommandSpec<Record<never, never>> {
  return {
    prog: `deno task ${task}`,
    name: task,
    description,
    epilog: ENVIRONMENT_HELP,
    rawDescription: true,
    options: {},
  };
}

/** The names of the errors a download can end in (they cross from a worker by name). */
const DOWNLOAD_ERRORS = {
  DownloadError: true,
  HTTPError: true,
  NotAFlagError: true,
  ConnectionError: true,
  DownloadTimeoutError: true,
};

/** Why a run failed, in one line for the user (the command's name goes before it). */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = firstLine(error);
  if (error.name === "ServerNotRunningError") return noServerMessage(BASE_URL);
  if (error.name === "HTTPError" && / 404 /.test(message)) {
    return `${message}: ${baseUrlQuestion(BASE_URL)}`; // the 20 codes are all the book's
  }
  if (error.name === "DownloadTimeoutError") {
    return `${message} (FLAGS_TIMEOUT sets the seconds to wait)`;
  }
  if (error.name in DOWNLOAD_ERRORS) return message;
  if (error.name === "NotCapable" || error.name === "PermissionDenied") {
    return `not allowed: ${message}`;
  }
  return `${error.name}: ${message}`;
}

/**
 * The book's `main`: reads the command line of `deno task <task>` (only `-h`: anything else is
 * a usage error), runs `downloadMany` on the 20 most populous countries, then prints
 * `\n20 flags downloaded in 0.56s`. Any failure (the server not running, a write that is not
 * allowed, an HTTP error) ends the process with one line on stderr and exit status 1. SIGINT or
 * SIGTERM aborts the downloads, prints the count so far and exits 130 or 143, leaving no
 * temporary file.
 */
export async function main(
  task: string,
  description: string,
  downloadMany: (
    ccList: readonly string[],
    recorder: TimelineRecorder | undefined,
  ) => number | Promise<number>,
): Promise<void> {
  const command = series1Command(task, description);
  await runCommand(command);
  const baseUrl = parseBaseUrl(BASE_URL);
  if ("problem" in baseUrl) {
    exitWithError(command, `FLAGS_BASE_URL=${displayUrl(BASE_URL)}: ${baseUrl.problem}`);
  }
  const timeout = readTimeout();
  if ("problem" in timeout) exitWithError(command, timeout.problem);
  const timeline = setting("FLAGS_TIMELINE");
  const timelineTrouble = timeline === undefined ? undefined : timelineProblem(timeline);
  if (timelineTrouble !== undefined) exitWithError(command, `FLAGS_TIMELINE: ${timelineTrouble}`);
  const recorder = timeline === undefined ? undefined : new TimelineRecorder();
  try {
    await Deno.mkdir(DEST_DIR, { recursive: true });
  } catch (error) {
    exitWithError(command, describeFailure(error));
  }
  using interrupt = new Interrupt();
  abortDownloadsOn(interrupt.signal);
  const t0 = performance.now();
  const seconds = () => ((performance.now() - t0) / 1000).toFixed(2);
  let count: number;
  try {
    count = await downloadMany(POP20_CC, recorder);
  } catch (error) {
    if (interrupt.received === undefined) exitWithError(command, describeFailure(error));
    count = flagsSaved();
  }
  const report = `${count} flags downloaded in ${seconds()}s`;
  console.log(`\n${report}`);
  if (recorder !== undefined) {
    await writeRunTimeline(timeline!, recorder, `deno task ${task}`, report);
  }
  if (interrupt.received !== undefined) {
    exitWithError(command, `interrupted by ${interrupt.received}`, interrupt.exitStatus);
  }
}
