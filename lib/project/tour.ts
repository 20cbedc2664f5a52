/**
 * The chapter in one command: starts the flag server in-process on free ports,
 * runs the book's scripts in order (each as its own `deno task` would, with its
 * own permissions) and ends with a table of the times and speedups measured.
 *
 * @example
 * ```ts
 * import { formatTable, runTour } from "./tour.ts";
 * const { rows } = await runTour({ quick: true });
 * console.log(formatTable(rows));
 * ```
 *
 * @module
 */

import { join, relative } from "node:path";
import { startFlagServer } from "../server/flag_server.ts";
import { PROJECT_ROOT, taskCommand } from "./deno_tasks.ts";
import { TIMELINES_DIR } from "../timeline/file.ts";

/** One step of the tour: a task, its arguments and what it is compared with. */
export interface TourStep {
  /** What the table calls it. */
  label: string;
  /** The deno.json task that runs it. */
  task: string;
  /** Arguments after the script. */
  args: string[];
  /** Environment variables (the series-1 scripts read their server from here). */
  env?: Record<string, string>;
  /** Label of the step this one's speedup is measured against. */
  baseline?: string;
  /** How it is asked for a timeline: series 1 reads `FLAGS_TIMELINE`; default `--timeline FILE`. */
  timelineBy?: "--timeline" | "FLAGS_TIMELINE";
}

/** A step that ran: its time and, when it has a baseline, its speedup over it. */
export interface TourRow {
  /** The step's label. */
  label: string;
  /** Whole-process wall time in seconds. */
  seconds: number;
  /** Baseline time divided by this step's time, when the step has a baseline. */
  speedup?: number;
  /** The step's timeline (an SVG document), when the tour drew them. */
  timeline?: string;
}

/** How big the tour is. */
export interface TourOptions {
  /** Shrink delays and job sizes so the whole tour takes a few seconds (for tests). */
  quick?: boolean;
  /** Worker count for the "N workers" CPU steps; default the CPU count. */
  workers?: number;
  /** Where the steps' output goes; default this process's stdout/stderr. */
  output?: "inherit" | "null";
  /** Stops the tour after the step in progress (Ctrl+C); it then rejects with the reason. */
  signal?: AbortSignal;
  /** Draw each step's timeline (`--timeline`, or `FLAGS_TIMELINE` for series 1) into its row. */
  timelines?: boolean;
}

/** Builds the list of steps for the given flag server URLs. */
export function tourSteps(
  urls: { DELAY: string; ERROR: string },
  opts: { quick: boolean; workers: number },
): TourStep[] {
  const series1 = { env: { FLAGS_BASE_URL: urls.DELAY }, timelineBy: "FLAGS_TIMELINE" } as const;
  const unit = opts.quick ? ["--unit", "0.05"] : [];
  // Big enough jobs that the workers' start-up does not hide the parallel speedup.
  const cpuSize = opts.quick ? 2 ** 14 : 2 ** 24;
  const cpu = ["--size", String(cpuSize)];
  const mib = opts.quick ? "16 KiB" : "16 MiB";
  const n = String(opts.workers);
  return [
    { label: "flags (sequential, DELAY)", task: "flags", args: [], ...series1 },
    {
      label: "flags:threadpool (20 fetches)",
      task: "flags:threadpool",
      args: [],
      ...series1,
      baseline: "flags (sequential, DELAY)",
    },
    {
      label: "flags:processpool (workers)",
      task: "flags:processpool",
      args: [],
      ...series1,
      baseline: "flags (sequential, DELAY)",
    },
    { label: "demo:executor_map", task: "demo:executor_map", args: unit },
    {
      label: "flags2:threadpool -s ERROR -al 100 -m 100",
      task: "flags2:threadpool",
      args: ["-s", urls.ERROR, "-al", "100", "-m", "100"],
    },
    { label: `arcfour:futures ${mib}, 1 worker`, task: "arcfour:futures", args: ["1", ...cpu] },
    {
      label: `arcfour:futures ${mib}, ${n} workers`,
      task: "arcfour:futures",
      args: [n, ...cpu],
      baseline: `arcfour:futures ${mib}, 1 worker`,
    },
    { label: `sha:futures ${mib}, 1 worker`, task: "sha:futures", args: ["1", ...cpu] },
    {
      label: `sha:futures ${mib}, ${n} workers`,
      task: "sha:futures",
      args: [n, ...cpu],
      baseline: `sha:futures ${mib}, 1 worker`,
    },
  ];
}

/**
 * Runs every step against a fresh in-process flag server, printing each step's
 * own output, and returns the measured rows. The flags land in a temporary folder inside
 * `downloads/`; it is removed, and the server shut down, whatever happens.
 *
 * @throws {Error} naming the step when a step exits non-zero.
 */
export async function runTour(options: TourOptions = {}): Promise<Tour> {
  const quick = options.quick ?? false;
  const workers = options.workers ?? Math.max(2, navigator.hardwareConcurrency ?? 2);
  const server = await startFlagServer({
    localPort: 0,
    delayPort: 0,
    errorPort: 0,
    delay: quick ? 0.05 : 0.5,
    quiet: true,
  });
  // The flags go to a folder of their own inside downloads/ (where the tasks may write), and
  // it goes when the tour ends, however it ends: the user's downloads/ is left as it was.
  const flagsDir = await Deno.makeTempDir({
    dir: join(PROJECT_ROOT, "downloads"),
    prefix: ".demo-",
  });
  // The steps' timelines, likewise, go to a folder of their own inside timelines/.
  const timelinesDir = options.timelines
    ? await Deno.makeTempDir({ dir: join(PROJECT_ROOT, TIMELINES_DIR), prefix: ".demo-" })
    : undefined;
  try {
    const rows: TourRow[] = [];
    const seconds = new Map<string, number>();
    for (const [i, step] of tourSteps(server.urls, { quick, workers }).entries()) {
      options.signal?.throwIfAborted();
      console.log(`\n$ deno task ${step.task} ${step.args.join(" ")}`.trimEnd());
      const timeline = timelinesDir && relative(PROJECT_ROOT, join(timelinesDir, `${i + 1}.svg`));
      const elapsed = await runStep(
        withTimeline({ ...step, env: { ...step.env, FLAGS_DEST_DIR: flagsDir } }, timeline),
        options.output ?? "inherit",
      );
      seconds.set(step.label, elapsed);
      const base = step.baseline === undefined ? undefined : seconds.get(step.baseline);
      rows.push({
        label: step.label,
        seconds: elapsed,
        speedup: base && base / elapsed,
        timeline: timeline && await Deno.readTextFile(join(PROJECT_ROOT, timeline)),
      });
    }
    options.signal?.throwIfAborted();
    const flags = (await Array.fromAsync(Deno.readDir(flagsDir))).length;
    return { rows, flags, flagsDir: relative(PROJECT_ROOT, flagsDir) };
  } finally {
    await Deno.remove(flagsDir, { recursive: true });
    if (timelinesDir !== undefined) await Deno.remove(timelinesDir, { recursive: true });
    await server.shutdown();
  }
}

/** The step, asked to draw its timeline in `path` (series 1 by its environment), if a path is given. */
function withTimeline(step: TourStep, path: string | undefined): TourStep {
  if (path === undefined) return step;
  if (step.timelineBy === "FLAGS_TIMELINE") {
    return { ...step, env: { ...step.env, FLAGS_TIMELINE: path } };
  }
  return { ...step, args: [...step.args, "--timeline", path] };
}

/** What a tour measured, and where its flags went (a folder removed when it ended). */
export interface Tour {
  /** One row per step. */
  rows: TourRow[];
  /** How many flag files the steps left in the folder (a flag saved twice counts once). */
  flags: number;
  /** The folder they were saved in, relative to the project (gone now). */
  flagsDir: string;
}

/** Runs one step as its task would, from the project root; returns its wall time in seconds. */
async function runStep(step: TourStep, output: "inherit" | "null"): Promise<number> {
  const { args } = await taskCommand(step.task);
  const t0 = performance.now();
  const { code } = await new Deno.Command("deno", {
    args: [...args, ...step.args],
    cwd: PROJECT_ROOT,
    env: step.env,
    stdin: "null",
    stdout: output,
    stderr: output,
  }).output();
  const elapsed = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`step "${step.label}" exited with status ${code}`);
  return elapsed;
}

/**
 * Formats the rows as a plain-text table: step, seconds, speedup.
 *
 * @example
 * ```ts
 * import { formatTable } from "./tour.ts";
 * formatTable([{ label: "a", seconds: 2 }, { label: "b", seconds: 1, speedup: 2 }]);
 * ```
 */
export function formatTable(rows: readonly TourRow[]): string {
  const width = Math.max(4, ...rows.map((row) => row.label.length));
  const line = (step: string, time: string, speed: string) =>
    `${step.padEnd(width)}  ${time.padStart(8)}  ${speed.padStart(7)}`.trimEnd();
  return [
    line("step", "time", "speedup"),
    line("-".repeat(width), "-".repeat(8), "-".repeat(7)),
    ...rows.map((row) =>
      line(
        row.label,
        `${row.seconds.toFixed(2)}s`,
        row.speedup === undefined ? "" : `${row.speedup.toFixed(1)}x`,
      )
    ),
  ].join("\n");
}
