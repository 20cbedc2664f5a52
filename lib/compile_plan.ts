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

import { basename, relative } from "node:path";
import { PROJECT_ROOT, runTasks, type TaskCommand } from "./deno_tasks.ts";
import { bundledGifFolder } from "./server/images.ts";

/** What a worker pool needs embedded: the worker's bootstrap and its message protocol. */
const WORKER_POOL_FILES = ["lib/_worker_pool_worker.ts", "lib/_worker_protocol.ts"];

/** Files a binary loads at run time, which `deno compile` cannot find by itself. */
export const INCLUDES: Readonly<Record<string, readonly string[]>> = {
  // The folder the server reads its images from, as it resolves it (npm's real path).
  "server": [relative(PROJECT_ROOT, bundledGifFolder()), "lib/server/local_worker.ts"],
  "flags:processpool": [...WORKER_POOL_FILES, "lib/flags_tasks.ts"],
  "arcfour:futures": [...WORKER_POOL_FILES, "lib/cpu_tasks.ts"],
  "sha:futures": [...WORKER_POOL_FILES, "lib/cpu_tasks.ts"],
};

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
export function planFor(task: TaskCommand): CompilePlan {
  const output = `bin/${basename(task.entry, ".ts")}`;
  const includes = [...(INCLUDES[task.name] ?? [])];
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
    .map(planFor);
}
