/**
 * What the benchmarks share: the repository root, medians, repeated and timed child processes,
 * the Python that runs the seed's scripts, whether a command is here, and the load average.
 *
 * @module
 */
import { PROJECT_ROOT } from "../lib/project/deno_tasks.ts";
import { missingCommand, pythonWith } from "../lib/project/host_tools.ts";

export { missingCommand };

/** The repository root: where child processes run unless told otherwise. */
export const ROOT: string = PROJECT_ROOT;

/** The median of `values` (not empty): the mean of the middle two for an even count. */
export function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Calls `fn` `runs` times, one call after the other, and returns the results in order. */
export async function repeat<T>(runs: number, fn: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await fn());
  return results;
}

/** Where and how {@linkcode timed} runs a command. */
export interface TimedOptions {
  /** The working folder (default {@linkcode ROOT}). */
  cwd?: string;
  /** Variables added to the inherited environment (`NO_COLOR=1` always is). */
  env?: Record<string, string>;
}

/** One timed child process. */
export interface Timed {
  /** Spawn to exit, in seconds: the runtime's start-up included. */
  wall: number;
  /** Its stdout. */
  stdout: string;
}

/** Runs `command args` with no stdin and times it, spawn to exit; throws if it fails. */
export async function timed(
  command: string,
  args: readonly string[],
  { cwd = ROOT, env }: TimedOptions = {},
): Promise<Timed> {
  const t0 = performance.now();
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args: [...args],
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
  }).output();
  const wall = (performance.now() - t0) / 1000;
  const out = new TextDecoder().decode(stdout);
  if (code !== 0) {
    const err = new TextDecoder().decode(stderr);
    throw new Error(`${command} ${args.join(" ")} exited ${code}:\n${out}${err}`);
  }
  return { wall, stdout: out };
}

/** A {@linkcode Timed} run of a CPU script, with the time it printed about itself. */
export interface Run extends Timed {
  /** The time the script printed last (`… time: 0.93s`), in seconds. */
  reported: number;
}

/** {@linkcode timed}, for a script whose last line ends in `time: 0.93s`; throws without one. */
export async function timeRun(
  command: string,
  args: readonly string[],
  cwd: string = ROOT,
): Promise<Run> {
  const run = await timed(command, args, { cwd });
  const match = run.stdout.match(/time: (\d+\.\d+)s\s*$/);
  if (match === null) {
    throw new Error(`no "time: …s" line in the output of ${args.join(" ")}: ${run.stdout}`);
  }
  return { ...run, reported: Number(match[1]) };
}

/** A Python interpreter (its real path, not a pyenv shim) or why there is none. */
export type Python =
  | { path: string; version: string; why?: undefined }
  | { path?: undefined; version?: undefined; why: string };

/**
 * The Python that imports every module of `modules` (Debian's `/usr/bin/python3` first, then
 * the PATH's): the interpreter's own path, so that a shim's start-up is not timed, and its
 * version; or why there is none.
 */
export async function findPython(modules: readonly string[] = []): Promise<Python> {
  const found = await pythonWith(modules);
  if (found.path === undefined) return { why: found.why };
  const { stdout } = await timed(found.path, [
    "-c",
    "import sys; print(sys.executable); print(sys.version.split()[0])",
  ]);
  const [path, version] = stdout.trim().split("\n");
  return { path, version };
}

/**
 * The 1-minute load average (needs `--allow-sys=loadavg`; "?" without it): teammates share the
 * cores, and a report should say how busy the machine was.
 */
export function loadAverage(): string {
  try {
    return Deno.loadavg()[0].toFixed(2);
  } catch {
    return "?";
  }
}
