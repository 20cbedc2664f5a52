/**
 * Where a run's timeline goes: the `--timeline FILE` option every futures
 * script shares ({@linkcode timelineOption}), checked before the run starts,
 * and {@linkcode saveTimeline}, which draws it and writes the file at once
 * (never half-written). The tasks may write only in `timelines/` (kept empty
 * in git), so that is where a timeline goes under `deno task`.
 *
 * @example
 * ```ts ignore
 * import { saveTimeline } from "./file.ts";
 * import { TimelineRecorder } from "./recorder.ts";
 * const picture = { title: "run", subtitle: "0 calls", laneName: "slot", what: "calls" };
 * await saveTimeline("timelines/run.svg", new TimelineRecorder(), picture);
 * ```
 *
 * @module
 */

import { dirname } from "node:path";
import { type Option, option, str } from "../cli/command.ts";
import { renderTimelineSvg, type Timeline } from "./svg.ts";
import { type Describe, describeCall, type TimelineRecorder } from "./recorder.ts";
import { writeAtomically } from "../files/atomic.ts";

/** The folder the tasks may write timelines in. */
export const TIMELINES_DIR = "timelines";

/** What is wrong with writing a timeline to `path`, or undefined if it can be written. */
export function timelineProblem(path: string): string | undefined {
  if (path === "" || path.endsWith("/")) return `a timeline needs a file name, got "${path}"`;
  // Writing it whole then renaming it takes both.
  const granted = (["write", "read"] as const).every((name) =>
    Deno.permissions.querySync({ name, path }).state === "granted"
  );
  if (!granted) {
    return `no permission to write ${path} (the tasks may write pictures only in ` +
      `${TIMELINES_DIR}/, e.g. ${TIMELINES_DIR}/run.svg)`;
  }
  return undefined;
}

/** The `--timeline FILE` option of a command's table, checked with {@linkcode timelineProblem}. */
export function timelineOption(): Option<string | undefined> {
  return option(["--timeline"], {
    metavar: "FILE",
    parse: str,
    default: undefined,
    check: (path) => path === undefined ? undefined : timelineProblem(path),
    help: `draw the run as an SVG timeline in FILE (under deno task: in ${TIMELINES_DIR}/)`,
  });
}

/**
 * The command that ran, as a timeline's title: `prog` and its arguments,
 * without the `--timeline FILE` that asked for the picture.
 *
 * @example
 * ```ts
 * import { commandTitle } from "./file.ts";
 * commandTitle("flags2_threadpool.ts", ["-s", "DELAY", "--timeline", "timelines/a.svg"]);
 * // "flags2_threadpool.ts -s DELAY"
 * ```
 */
export function commandTitle(prog: string, argv: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--timeline") i++;
    else if (!argv[i].startsWith("--timeline=")) kept.push(argv[i]);
  }
  return [prog, ...kept].join(" ");
}

/** What a run's picture says besides its bars. */
export interface RunPicture {
  /** The command that ran (see {@linkcode commandTitle}). */
  title: string;
  /** The run's totals. */
  subtitle: string;
  /** What a lane is: `worker` or `slot`. */
  laneName: string;
  /** How a call becomes a bar; default {@linkcode describeCall}. */
  describe?: Describe;
  /** What the calls are, for the closing line: `downloads`, `jobs`, `calls`. */
  what: string;
}

/**
 * Draws the calls `recorder` kept, to the end of the run (now), writes the picture to `path`
 * and says so on stderr: `timeline: PATH (N downloads)`.
 */
export async function saveTimeline(
  path: string,
  recorder: TimelineRecorder,
  { title, subtitle, laneName, describe = describeCall, what }: RunPicture,
): Promise<void> {
  const timeline: Timeline = {
    title,
    subtitle,
    laneName,
    bars: recorder.bars(describe),
    totalMs: performance.now() - recorder.origin,
  };
  await writeWhole(path, renderTimelineSvg(timeline));
  console.error(`timeline: ${path} (${recorder.size} ${what})`);
}

/**
 * Writes `text` to `path`, its folder made if missing, atomically (lib/files/atomic.ts): no
 * half-written file is ever left.
 */
export async function writeWhole(path: string, text: string): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeAtomically(path, [new TextEncoder().encode(text)]);
}
