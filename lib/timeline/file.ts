/**
 * Where a run's timeline goes: the `--timeline FILE` option every futures
 * script shares ({@linkcode timelineOption}), checked before the run starts,
 * and {@linkcode writeTimeline}, which draws it and writes the file at once
 * (never half-written). The tasks may write only in `timelines/` (kept empty
 * in git), so that is where a timeline goes under `deno task`.
 *
 * @example
 * ```ts ignore
 * import { writeTimeline } from "./file.ts";
 * await writeTimeline("timelines/run.svg", { title: "run", laneName: "slot", bars: [] });
 * ```
 *
 * @module
 */

import { dirname } from "node:path";
import { type Option, option, str } from "../cli/command.ts";
import { renderTimelineSvg, type Timeline } from "./svg.ts";
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

/**
 * Draws `timeline` and writes it to `path` (see {@linkcode writeWhole}).
 */
export function writeTimeline(path: string, timeline: Timeline): Promise<void> {
  return writeWhole(path, renderTimelineSvg(timeline));
}

/**
 * Writes `text` to `path`, its folder made if missing, atomically (lib/files/atomic.ts): no
 * half-written file is ever left.
 */
export async function writeWhole(path: string, text: string): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeAtomically(path, [new TextEncoder().encode(text)]);
}
