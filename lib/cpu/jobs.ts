/**
 * What `arcfour:futures` and `sha:futures` share: the seed's job sizes, the command line
 * (`[WORKERS] [--size BYTES] [--jobs N]`) and the loop that submits the jobs to a
 * `WorkerPoolExecutor` and waits for them with `asCompleted`, as the seed does.
 *
 * @example
 * ```ts
 * import { arcfourJobSizes, parseJobArgs } from "./jobs.ts";
 * parseJobArgs(["2", "--size", "1024"], { size: 2 ** 18, jobs: 12 });
 * // { workers: 2, size: 1024, jobs: 12 }
 * arcfourJobSizes(2 ** 18, 12)[0]; // 393216: the largest job first, as in the seed
 * ```
 *
 * @module
 */
import { MAX_JOB_SIZE } from "./job_size.ts";
import { fail, firstLine } from "../cli/fail.ts";
import { asCompleted, type Future } from "../futures/future.ts";

/** The seed's number of jobs in both scripts. */
export const JOBS = 12;
/** The seed's base job size of `arcfour_futures.py`: 256 KiB. */
export const ARCFOUR_SIZE = 2 ** 18;
/** The seed's job size of `sha_futures.py`: 1 MiB. */
export const SHA_SIZE = 2 ** 20;
/**
 * The seed's key of `arcfour_futures.py`. A string, so it is copied to each worker (a pool moves
 * whole-buffer typed arrays, which would detach a shared `Uint8Array` after the first submit).
 */
export const ARCFOUR_KEY = "'Twas brilling, and the slithy toves\nDid gyre";

/**
 * The seed's job sizes of `arcfour_futures.py`, in submission order: for `i` from `jobs` down
 * to 1, `size + int(size / jobs * (i - jobs / 2))` (Python's `int` truncates toward zero).
 *
 * @example
 * ```ts
 * import { arcfourJobSizes } from "./jobs.ts";
 * arcfourJobSizes(120, 4); // [180, 150, 120, 90]
 * ```
 */
export function arcfourJobSizes(size: number = ARCFOUR_SIZE, jobs: number = JOBS): number[] {
  const sizes: number[] = [];
  for (let i = jobs; i > 0; i--) sizes.push(size + Math.trunc(size / jobs * (i - jobs / 2)));
  return sizes;
}

/** A bad command line; its message is the one line to print. */
export class UsageError extends Error {
  /**
   * Creates the error.
   *
   * @param message what is wrong, followed by the usage line.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The parsed command line of a futures script. */
export interface JobArgs {
  /** Worker count, or `undefined` for the pool's default (the CPU count). */
  workers: number | undefined;
  /** Job size in bytes (`--size`). */
  size: number;
  /** Number of jobs (`--jobs`). */
  jobs: number;
  /** `--help` was given: print {@linkcode usage} and exit 0. */
  help: boolean;
}

/** The usage line of the futures script `name`. */
export function usage(name: string): string {
  return `usage: ${name} [WORKERS] [--size BYTES] [--jobs N]`;
}

/**
 * Parses `[WORKERS] [--size BYTES] [--jobs N] [--help]`. WORKERS, BYTES and N must be positive
 * decimal integers.
 *
 * @param defaults the script's `size` and `jobs` when the options are absent.
 * @throws {UsageError} for anything else, with a one-line message.
 *
 * @example
 * ```ts
 * import { parseJobArgs } from "./jobs.ts";
 * parseJobArgs([], { size: 2 ** 20, jobs: 12 }).workers; // undefined: the CPU count
 * ```
 */
export function parseJobArgs(
  args: string[],
  defaults: { size: number; jobs: number },
): JobArgs {
  // Parsed by hand: importing node:util costs these scripts ~12 ms of start-up (measured), a
  // tenth of what a whole 1-worker run takes, for a grammar this small.
  const result: JobArgs = { workers: undefined, ...defaults, help: false };
  const positionals: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const option = arg.match(/^--(size|jobs)(?:=(.*))?$/);
    if (option !== null) {
      const [, name, inline] = option;
      const text = inline ?? args[++k];
      if (text === undefined) throw new UsageError(`--${name} needs a value`);
      const max = name === "size" ? MAX_JOB_SIZE : 100_000;
      result[name as "size" | "jobs"] = positive(`--${name}`, text, max);
    } else if (arg === "-h" || arg === "--help") {
      result.help = true;
    } else if (arg.startsWith("-") && !/^-\d/.test(arg)) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      positionals.push(arg);
    }
  }
  if (positionals.length > 1) {
    throw new UsageError(`too many arguments: ${positionals.join(" ")}`);
  }
  if (positionals.length === 1) result.workers = positive("WORKERS", positionals[0], 4096);
  return result;
}

/**
 * {@linkcode parseJobArgs} for a script's `main`: on `--help` prints the usage line and exits 0;
 * on a bad command line prints `NAME: what is wrong (usage: …)` on stderr and exits 1.
 *
 * @example
 * ```ts ignore
 * const args = jobArgsOrExit("sha_futures", Deno.args, { size: SHA_SIZE, jobs: JOBS });
 * ```
 */
export function jobArgsOrExit(
  name: string,
  args: string[],
  defaults: { size: number; jobs: number },
): JobArgs {
  let parsed: JobArgs;
  try {
    parsed = parseJobArgs(args, defaults);
  } catch (error) {
    fail(`${name}: ${firstLine(error)} (${usage(name)})`);
  }
  if (parsed.help) {
    console.log(usage(name));
    Deno.exit(0);
  }
  return parsed;
}

function positive(what: string, text: string, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= max)) {
    throw new UsageError(
      `${what} must be an integer from 1 to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

/**
 * Waits for `futures` in completion order (the seed's `as_completed` loop) and returns their
 * results in that order; the first failed job rejects with its error.
 *
 * @example
 * ```ts ignore
 * const sizes = await completedResults(jobs.map((n) => pool.submit("arcfourTest", n, key)));
 * ```
 */
export async function completedResults<T>(futures: Iterable<Future<T>>): Promise<T[]> {
  const results: T[] = [];
  for await (const future of asCompleted(futures)) results.push(await future.result());
  return results;
}
