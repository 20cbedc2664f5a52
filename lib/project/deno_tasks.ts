/**
 * Reads the project's `deno.json` tasks as argument lists, so tests, the
 * compile step and the tour run each script with exactly the permissions its
 * task grants — one source of truth for those grants.
 *
 * @example
 * ```ts
 * import { taskCommand } from "./deno_tasks.ts";
 * const flags = await taskCommand("flags");
 * console.log(flags.permissions); // ["--allow-net=127.0.0.1,localhost", ...]
 * console.log(flags.entry);       // "scripts/flags.ts"
 * ```
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** The project's root folder (where `deno.json` lives), as a path. */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../..", import.meta.url));

/** One `deno run …` task, split into its parts. */
export interface TaskCommand {
  /** The task's name, e.g. `flags2:threadpool`. */
  name: string;
  /** Everything between `deno run` and the entry point: permission and runtime flags. */
  permissions: string[];
  /** The script, relative to the project root, e.g. `scripts/flags.ts`. */
  entry: string;
  /** Arguments the task passes after the entry point (usually none). */
  scriptArgs: string[];
  /** `["run", ...permissions, entry, ...scriptArgs]`: what to pass to `Deno.execPath()`. */
  args: string[];
  /**
   * The same, runnable from any working folder: the project's `deno.json` and the
   * entry point made absolute (relative permission paths still resolve against the
   * working folder, as they do for a user who runs the script there).
   */
  argsFromAnywhere: string[];
}

const taskFiles = new Map<string, Promise<Record<string, string>>>();

/** Reads every task of `deno.json` as its raw command string (read once per root). */
export function readTasks(root: string = PROJECT_ROOT): Promise<Record<string, string>> {
  let tasks = taskFiles.get(root);
  if (tasks === undefined) {
    tasks = Deno.readTextFile(`${root}/deno.json`).then((text) => JSON.parse(text).tasks ?? {});
    taskFiles.set(root, tasks);
  }
  return tasks;
}

/**
 * Parses a task of the form `deno run [flags] entry [args]` (no shell syntax).
 *
 * @throws {Error} when the task is missing or not a plain `deno run` command.
 */
export async function taskCommand(name: string, root: string = PROJECT_ROOT): Promise<TaskCommand> {
  const tasks = await readTasks(root);
  const text = tasks[name];
  if (typeof text !== "string") throw new Error(`deno.json has no task "${name}"`);
  return parseRunTask(name, text, root);
}

/**
 * Splits one `deno run …` command line into its flags, entry point and arguments.
 *
 * @example
 * ```ts
 * import { parseRunTask } from "./deno_tasks.ts";
 * parseRunTask("arcfour", "deno run scripts/arcfour.ts").entry; // "scripts/arcfour.ts"
 * ```
 */
export function parseRunTask(
  name: string,
  text: string,
  root: string = PROJECT_ROOT,
): TaskCommand {
  if (/["'`&|;<>$\\]/.test(text)) throw new Error(`task "${name}" uses shell syntax`);
  const [deno, run, ...rest] = text.trim().split(/\s+/);
  if (deno !== "deno" || run !== "run") throw new Error(`task "${name}" is not "deno run …"`);
  const at = rest.findIndex((word) => !word.startsWith("-"));
  if (at < 0) throw new Error(`task "${name}" names no script`);
  const permissions = rest.slice(0, at);
  const entry = rest[at];
  const scriptArgs = rest.slice(at + 1);
  const base = root.endsWith("/") ? root : `${root}/`;
  return {
    name,
    permissions,
    entry,
    scriptArgs,
    args: ["run", ...permissions, entry, ...scriptArgs],
    argsFromAnywhere: [
      "run",
      "--config",
      `${base}deno.json`,
      ...permissions,
      `${base}${entry}`,
      ...scriptArgs,
    ],
  };
}

/** Every task of `deno.json` that is a plain `deno run` of a project file, parsed. */
export async function runTasks(root: string = PROJECT_ROOT): Promise<TaskCommand[]> {
  const tasks = await readTasks(root);
  return Object.entries(tasks)
    .filter(([, text]) => /^deno run\s/.test(text.trim()))
    .map(([name, text]) => parseRunTask(name, text, root));
}
