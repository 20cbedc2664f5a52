/**
 * The flag clients' timelines: {@linkcode describeDownload} shows each code's
 * download as a bar — its code, and ok, not found or the error — and
 * {@linkcode writeRunTimeline} writes a run's picture (see lib/timeline/).
 *
 * @example
 * ```ts ignore
 * import { TimelineRecorder } from "../timeline/recorder.ts";
 * import { writeRunTimeline } from "./timeline.ts";
 *
 * const recorder = new TimelineRecorder();
 * // ... downloads with { recorder } ...
 * await writeRunTimeline("timelines/run.svg", recorder, "flags2_threadpool.ts -s DELAY", "2 flags");
 * ```
 *
 * @module
 */

import {
  type BarText,
  describeCall,
  type FinishedCall,
  type TimelineRecorder,
} from "../timeline/recorder.ts";
import { saveTimeline } from "../timeline/file.ts";
import { errorMessage } from "./flags2/download.ts";

/**
 * A code's download as a bar (a cancelled one as {@linkcode describeCall} has it). The code is the call's argument that is one
 * (pool calls are `downloadOne(baseUrl, cc, …)` or `downloadOne(cc)`) or a
 * tracked call's label; a result whose status is `not_found` is a grey
 * "not found" bar.
 */
export function describeDownload(call: FinishedCall): BarText {
  const code = call.args.find((arg) => typeof arg === "string" && /^[A-Za-z]{2}$/.test(arg));
  const label = typeof code === "string" ? code : call.target;
  if (call.outcome === "returned") {
    const status = (call.value as { status?: string } | undefined)?.status;
    return status === "not_found"
      ? { label, outcome: "not found", result: "404 not found" }
      : { label, outcome: "ok", result: "OK" };
  }
  if (call.outcome === "raised") {
    return { label, outcome: "error", result: errorMessage(call.error) };
  }
  return { ...describeCall(call), label };
}

/**
 * Writes the run `recorder` saw to `path` as an SVG, titled with the command and its totals,
 * and says so on stderr.
 */
export function writeRunTimeline(
  path: string,
  recorder: TimelineRecorder,
  title: string,
  totals: string,
): Promise<void> {
  return saveTimeline(path, recorder, {
    title,
    subtitle: totals,
    laneName: "slot",
    describe: describeDownload,
    what: "downloads",
  });
}
