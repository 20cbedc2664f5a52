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
import { DATA_FOLDER } from "../server/files.ts";
import { METADATA_FILE } from "../server/metadata.ts";

/**
 * What the server loads at run time besides the modules a task's read grant names: the folder
 * it reads its images from (as it resolves it: npm's real path), its own data files and its LOCAL
 * thread module.
 */
export const SERVER_INCLUDES: readonly string[] = [
  relative(PROJECT_ROOT, bundledGifFolder()),
  relative(PROJECT_ROOT, join(DATA_FOLDER, "ss.gif")),
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
