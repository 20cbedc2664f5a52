/**
 * How each script becomes a single binary with `deno compile`: the task's own
 * permission flags, the worker modules and flag images it needs embedded with
 * `--include`, and `bin/<script name>` as output. Derived from `deno.json`, so
 * a binary never grants more than its task.
 *
 * @example
 * ```ts
 * import { compilePlans } from "./compile_plan.ts";
 * for (const plan of await compilePlans()) console.log(plan.output, plan.includes);
 * ```
 *
 * @module
 */

import { basename, join, relative } from "node:path";
import { PROJECT_ROOT, runTasks, type TaskCommand } from "./deno_tasks.ts";
import { bundledGifFolder } from "../server/images.ts";
import { DATA_FOLDER, SOUTH_SUDAN_FILE } from "../server/files.ts";
import { METADATA_FILE } from "../server/metadata.ts";
import { firstLine } from "../cli/fail.ts";

/**
 * What the server loads at run time besides the modules a task's read grant names: the folder
 * it reads its images from (as it resolves it: npm's real path), its own data files and its LOCAL
 * thread module.
 */
export const SERVER_INCLUDES: readonly string[] = [
  relative(PROJECT_ROOT, bundledGifFolder()),
  relative(PROJECT_ROOT, join(DATA_FOLDER, SOUTH_SUDAN_FILE)),
  relative(PROJECT_ROOT, join(DATA_FOLDER, METADATA_FILE)),
  "lib/server/local_worker.ts",
];

/**
 * Files a binary loads at run time, which `deno compile` cannot find by itself. A task that
 * starts workers grants read on the folders its workers' modules lie in (`lib/futures`,
 * `lib/cpu`…), so those are the `.ts` files in the `lib/` folders and files of its
 * `--allow-read=` list; the server's are {@linkcode SERVER_INCLUDES}.
 */
export function includesFor(task: TaskCommand, root: string = PROJECT_ROOT): string[] {
  if (task.name === "server") return [...SERVER_INCLUDES];
  const grant = task.permissions.find((flag) => flag.startsWith("--allow-read="));
  const paths = grant?.slice("--allow-read=".length).split(",") ?? [];
  return paths.filter((path) => path.startsWith("lib/")).flatMap((path) =>
    path.endsWith(".ts") ? [path] : modulesIn(root, path)
  );
}

/** The `.ts` files under `folder` (relative to `root`), sorted, as paths relative to `root`. */
function modulesIn(root: string, folder: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(join(root, folder))) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory) found.push(...modulesIn(root, path));
    else if (entry.isFile && entry.name.endsWith(".ts")) found.push(path);
  }
  return found.sort();
}

/** Tasks that are not compiled: the tour runs other tasks through `deno` itself. */
export const NOT_COMPILED: ReadonlySet<string> = new Set(["demo", "compile"]);

/** One binary to build. */
export interface CompilePlan {
  /** The task the binary stands for. */
  task: string;
  /** Where the binary goes, relative to the project root: `bin/<script name>`. */
  output: string;
  /** The task's entry point. */
  entry: string;
  /** The task's permission (and runtime) flags, unchanged. */
  permissions: string[];
  /** Paths embedded with `--include`. */
  includes: string[];
  /** The arguments of `deno compile`. */
  args: string[];
}

/** Builds the plan for one parsed task. */
export function planFor(task: TaskCommand, root: string = PROJECT_ROOT): CompilePlan {
  const output = `bin/${basename(task.entry, ".ts")}`;
  const includes = includesFor(task, root);
  return {
    task: task.name,
    output,
    entry: task.entry,
    permissions: task.permissions,
    includes,
    args: [
      "compile",
      ...task.permissions,
      ...includes.flatMap((path) => ["--include", path]),
      "--output",
      output,
      task.entry,
    ],
  };
}

/** A plan for `server.ts` and every script task of `deno.json`. */
export async function compilePlans(root: string = PROJECT_ROOT): Promise<CompilePlan[]> {
  const tasks = await runTasks(root);
  return tasks
    .filter((task) => !NOT_COMPILED.has(task.name))
    .filter((task) => task.entry === "server.ts" || task.entry.startsWith("scripts/"))
    .map((task) => planFor(task, root));
}

/** Where `deno compile` downloads this Deno's runtime from (and where to fetch it by hand). */
export const DENORT_URL: string =
  `https://dl.deno.land/release/v${Deno.version.deno}/denort-${Deno.build.target}.zip`;

/** What to do when the runtime cannot be downloaded: one sentence for the user. */
export const DENORT_REMEDY: string =
  `set DENORT_BIN=<path to denort> (unzip ${DENORT_URL}, downloaded where that site is reachable)`;

/** Why one `deno compile` failed: about getting the runtime (then every binary would), or not. */
export interface CompileFailure {
  /** True when the runtime (denort) could not be had: nothing else can build either. */
  runtime: boolean;
  /** The root cause, one line (`dns error: failed to lookup address information: …`). */
  reason: string;
}

/**
 * Reads the stderr of a failed `deno compile` (run with `NO_COLOR=1`): its `error:` line and the `Caused by:` chain
 * under it. The runtime is the matter when the chain says the base binary could not be set up
 * (a download that failed, a `DENORT_BIN` that is not there).
 *
 * @example
 * ```ts
 * import { describeCompileFailure } from "./compile_plan.ts";
 * describeCompileFailure(
 *   "error: Writing deno compile executable to temporary file 'bin/x.tmp'\n\nCaused by:\n" +
 *     "    0: Setting up base binary.\n    1: error sending request for url (https://dl.deno.land/x.zip): " +
 *     "client error (Connect): dns error: failed to lookup address information\n",
 *   1,
 * ); // { runtime: true, reason: "dns error: failed to lookup address information" }
 * ```
 */
export function describeCompileFailure(stderr: string, code: number): CompileFailure {
  const [report] = stderr.split("Stack backtrace:"); // (run deno compile with NO_COLOR=1)
  const lines = report.split("\n").map((line) => line.trim());
  const causes = lines.flatMap((line) => /^\d+: (.*)$/.exec(line)?.[1] ?? []);
  const error = lines.find((line) => line.startsWith("error:"))?.slice("error:".length).trim();
  const runtime = causes.some((cause) =>
    /^Setting up base binary|^Could not find denort/.test(cause)
  );
  if (causes.length === 0) return { runtime, reason: error ?? `exit status ${code}` };
  // The deepest cause that still says what happened: a request's own words, or the last link.
  const denort = causes.find((cause) => cause.startsWith("Could not find denort"));
  const request = causes.find((cause) => cause.startsWith("error sending request"));
  const reason = denort !== undefined
    ? `${denort}: ${causes.at(-1)}`
    : request !== undefined
    ? request.replace(/^error sending request for url \([^)]*\): (client error \(\w+\): )?/, "")
    : causes.at(-1)!;
  return { runtime, reason };
}

/**
 * What is wrong with `DENORT_BIN`, if it is set and does not name a file (one line, naming the
 * path; `deno compile` takes even an empty value as a path), else undefined.
 */
export async function checkDenortBin(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  if (path === "") return `DENORT_BIN is set but empty; ${DENORT_REMEDY}`;
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) return `DENORT_BIN=${path} is not a file; ${DENORT_REMEDY}`;
    return undefined;
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "does not exist" : firstLine(error);
    return `DENORT_BIN=${path} ${why}; ${DENORT_REMEDY}`;
  }
}
