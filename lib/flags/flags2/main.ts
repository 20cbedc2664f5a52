/**
 * The shared `main` of the flags2 scripts (the seed's `flags2_common.main`):
 * parse the command line, print the initial report, run a download strategy,
 * check that every code is accounted for, print the final report.
 *
 * Help goes to stdout (exit status 0); the seed's own usage errors go to stderr as its one
 * `*** Usage error: ...` line followed by the usage (exit status 1), argparse's as Python's
 * (the usage, then `prog: error: ...`, exit status 2).
 *
 * @example
 * ```ts ignore
 * import { main } from "./main.ts";
 * import { downloadManyPool } from "./download_many.ts";
 *
 * Deno.exit(await main(downloadManyPool, 30, 1000));
 * ```
 *
 * @module
 */

import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { errorLine, exitWith, usageError } from "../../cli/command.ts";
import { firstLine } from "../../cli/fail.ts";
import { CUSTOM_SERVER_LABEL, flags2Command, parseFlags2Args } from "./cli.ts";
import type { DownloadMany } from "./download_many.ts";
import { finalReport, initialReport } from "./reports.ts";
import { Interrupt } from "../interrupt.ts";
import { runHint } from "../run_report.ts";
import { destDir as destDirSetting } from "../settings.ts";
import { displayUrl } from "../servers.ts";
import { writeRunTimeline } from "../timeline.ts";
import { TimelineRecorder } from "../../timeline/recorder.ts";
import { commandTitle } from "../../timeline/file.ts";

/** Where a flags2 run reads its arguments and saves its flags (for tests; the scripts use none). */
export interface MainOptions {
  /** Program name for `usage:`; default the main module's file name, as Python's `sys.argv[0]`. */
  prog?: string;
  /** Command-line arguments; default `Deno.args`. */
  args?: readonly string[];
  /** Folder the flags are saved in (created if missing); default `FLAGS_DEST_DIR`, else `downloads`. */
  destDir?: string;
}

/** Whether this process holds a permission (asks on a terminal, refuses otherwise). */
function allowed(descriptor: Deno.PermissionDescriptor): boolean {
  if (Deno.permissions.querySync(descriptor).state === "granted") return true;
  return Deno.permissions.requestSync(descriptor).state === "granted";
}

/**
 * Runs a flags2 script with `downloadMany` as its strategy, as the seed's
 * `main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)`.
 *
 * @param defaultConcurReq the default of `-m/--max_req`
 * @param maxConcurReq a cap on concurrent requests, whatever `-m` says
 * @returns the exit status: 0 after a run in which a server answered (whatever the per-flag
 *   errors), 1 when no request reached a server (a hint on stderr says how to start it; a run
 *   that got nothing but 404s gets a hint about the base URL, status 0) or for a destination
 *   that cannot be created, 130 or 143 when SIGINT or SIGTERM interrupted the run
 *   (the report then counts what finished; no temporary file is left); bad arguments exit at
 *   once (status 1 or 2). A script
 *   passes it to `Deno.exit` at once: everything is awaited and written by then, and exiting
 *   skips closing hundreds of idle keep-alive connections one by one (about 0.04 s).
 */
export async function main(
  downloadMany: DownloadMany,
  defaultConcurReq: number,
  maxConcurReq: number,
  options: MainOptions = {},
): Promise<number> {
  const prog = options.prog ?? basename(fileURLToPath(Deno.mainModule));
  const config = { prog, defaultConcurReq, maxConcurReq, ...options };
  const argv = config.args ?? Deno.args;
  const parsed = await parseFlags2Args(argv, config);
  if (parsed.kind !== "run") exitWith(parsed);
  const { args, ccList } = parsed;
  const command = flags2Command(config);
  if (args.serverLabel === CUSTOM_SERVER_LABEL) {
    const { host } = new URL(args.baseUrl);
    if (!allowed({ name: "net", host })) {
      const message = `--server ${displayUrl(args.baseUrl)}: no network permission for ${host} ` +
        `(the deno task grants 127.0.0.1 and localhost only)`;
      exitWith({ kind: "usage-error", error: await usageError(command, message) });
    }
  }
  const destDir = config.destDir ?? destDirSetting();
  // Checked once here, so that a missing grant is one clear line rather than an error per flag.
  if (!allowed({ name: "write", path: destDir }) || !allowed({ name: "read", path: destDir })) {
    console.error(errorLine(
      command,
      `no permission to save flags in ${destDir}/ ` +
        `(run with --allow-read=${destDir} --allow-write=${destDir})`,
    ));
    return 1;
  }
  try {
    await Deno.mkdir(destDir, { recursive: true });
  } catch (error) {
    console.error(errorLine(command, `cannot create ${destDir}: ${firstLine(error)}`));
    return 1;
  }

  const actualReq = Math.min(args.maxReq, config.maxConcurReq, ccList.length);
  using interrupt = new Interrupt();
  console.log(initialReport(ccList, actualReq, args.serverLabel, args.baseUrl));
  const recorder = args.timeline === undefined ? undefined : new TimelineRecorder();
  const t0 = performance.now();
  const counter = await downloadMany(args.baseUrl, ccList, {
    concurReq: actualReq,
    destDir,
    verbose: args.verbose,
    timeout: args.timeout,
    signal: interrupt.signal,
    recorder,
  });
  const elapsed = performance.now() - t0;
  const accounted = counter.ok + counter.not_found + counter.error;
  if (interrupt.received === undefined && accounted !== ccList.length) {
    throw new Error(`some downloads are unaccounted for: ${accounted} of ${ccList.length}`);
  }
  const report = finalReport(counter, elapsed);
  console.log(report);
  if (recorder !== undefined) {
    const totals = report.split("\n").slice(1).join(" ");
    await writeRunTimeline(args.timeline!, recorder, commandTitle(prog, argv), totals);
  }
  if (interrupt.received !== undefined) {
    const message = `interrupted by ${interrupt.received}: ${accounted} of ${ccList.length} ` +
      `codes counted`;
    console.error(errorLine(command, message));
    return interrupt.exitStatus;
  }
  const hint = runHint(counter, ccList, args.baseUrl);
  if (hint !== undefined) console.error(errorLine(command, hint.message, hint.kind));
  return hint?.status ?? 0;
}
