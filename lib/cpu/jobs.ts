/**
 * What `arcfour:futures` and `sha:futures` share: the seed's job sizes, the command line
 * (`[WORKERS] [--size BYTES] [--jobs N]`) and the loop that submits the jobs to a
 * `WorkerPoolExecutor` and waits for them with `asCompleted`, as the seed does.
 *
 * @example
 * ```ts
 * import { arcfourJobSizes } from "./jobs.ts";
 * arcfourJobSizes(2 ** 18, 12)[0]; // 393216: the largest job first, as in the seed
 * ```
 *
 * @module
 */
import { MAX_JOB_SIZE } from "./job_size.ts";
import {
  type CommandSpec,
  errorLine,
  exitWithError,
  int,
  type Option,
  option,
  runCommand,
  type ValuesOf,
} from "../cli/command.ts";
import { firstLine } from "../cli/fail.ts";
import { asCompleted, type Future } from "../futures/future.ts";
import { WorkerPoolExecutor } from "../futures/worker_pool.ts";
import type { Timed } from "./timed_tasks.ts";
import { commandTitle, saveTimeline, timelineOption } from "../timeline/file.ts";
import {
  type BarText,
  describeCall,
  type FinishedCall,
  TimelineRecorder,
} from "../timeline/recorder.ts";

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

/** The two futures scripts: what each says it does, its job size and its job count. */
export const JOB_SCRIPTS = {
  "arcfour:futures": {
    about: "RC4 round trips of random bytes, the largest first, on module workers.",
    size: ARCFOUR_SIZE,
    jobs: JOBS,
  },
  "sha:futures": {
    about: "SHA-256 of random bytes, one job per message, on module workers.",
    size: SHA_SIZE,
    jobs: JOBS,
  },
} as const;

/** Workers per CPU the scripts accept at most. */
export const WORKERS_PER_CPU = 16;

/**
 * The most workers a script accepts: {@linkcode WORKERS_PER_CPU} per CPU. Each worker costs
 * about 8 MB and 15-20 ms to start: 4,096 of them took gigabytes and most of a minute.
 */
export const MAX_WORKERS: number = WORKERS_PER_CPU * (navigator.hardwareConcurrency || 1);

const inRange = (what: string, max: number, why = "") => (n: number | undefined) =>
  n === undefined || (Number.isInteger(n) && n >= 1 && n <= max)
    ? undefined
    : `${what} must be an integer from 1 to ${max}${why}, got ${n}`;

/**
 * The check of a worker count given as `what` (`WORKERS`, `--workers`): an integer from 1 to
 * {@linkcode MAX_WORKERS}, or the one-line message that says the bound and why.
 *
 * @example
 * ```ts
 * import { checkWorkerCount } from "./jobs.ts";
 * checkWorkerCount("--workers")(4096); // "--workers must be an integer from 1 to 32 (16 per CPU), got 4096" on 2 CPUs
 * ```
 */
export function checkWorkerCount(what: string): (n: number | undefined) => string | undefined {
  return inRange(what, MAX_WORKERS, ` (${WORKERS_PER_CPU} per CPU)`);
}

/** The futures scripts' table: what each option's value is. */
export type JobOptions = {
  readonly workers: Option<number | undefined>;
  readonly size: Option<number>;
  readonly jobs: Option<number>;
  readonly timeline: Option<string | undefined>;
};

/**
 * The command line of a futures script: `[WORKERS] [--size BYTES] [--jobs N]`, with the
 * script's own job size and count as defaults.
 *
 * @example
 * ```ts
 * import { jobCommand } from "./jobs.ts";
 * import { parseCommand } from "../cli/command.ts";
 * const sha = jobCommand("sha:futures", "SHA-256 jobs", { size: 2 ** 20, jobs: 12 });
 * const parsed = await parseCommand(sha, ["2", "--size", "1024"]);
 * if (parsed.kind === "run") console.log(parsed.values); // { workers: 2, size: 1024, jobs: 12 }
 * ```
 */
export function jobCommand(
  task: string,
  description: string,
  defaults: { size: number; jobs: number },
): CommandSpec<JobOptions> {
  return {
    prog: `deno task ${task}`,
    name: task,
    description,
    options: {
      workers: option([], {
        metavar: "WORKERS",
        nargs: "?",
        parse: int,
        default: undefined,
        check: checkWorkerCount("WORKERS"),
        help: `how many workers (default: one per CPU, ${navigator.hardwareConcurrency}; ` +
          `at most ${MAX_WORKERS})`,
      }),
      size: option(["--size"], {
        metavar: "BYTES",
        parse: int,
        default: defaults.size,
        check: inRange("--size", MAX_JOB_SIZE),
        help: `bytes per job (default ${defaults.size})`,
      }),
      jobs: option(["--jobs"], {
        metavar: "N",
        parse: int,
        default: defaults.jobs,
        check: inRange("--jobs", 100_000),
        help: `number of jobs (default ${defaults.jobs})`,
      }),
      timeline: timelineOption(),
    },
  };
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

/** A pool of workers running the timed CPU tasks (lib/cpu/timed_tasks.ts). */
export type CpuPool = WorkerPoolExecutor<typeof import("./timed_tasks.ts")>;

/** How a run of jobs spent its time, from the jobs' own timings. */
export interface RunTimes {
  /** The jobs' time in all, in seconds (each measured in its worker). */
  jobSeconds: number;
  /** Seconds from the start of the run until the last worker started its first job. */
  lastWorkerStart: number;
}

/**
 * Sums the jobs' timings: their time in all, and when the last worker got its first job going
 * (`t0`: the run's start, in the epoch milliseconds of `performance.timeOrigin + now`).
 */
export function runTimes(results: readonly Timed<unknown>[], t0: number): RunTimes {
  const firstStart = new Map<number, number>();
  let ms = 0;
  for (const { worker, startedAt, ms: jobMs } of results) {
    ms += jobMs;
    firstStart.set(worker, Math.min(firstStart.get(worker) ?? Infinity, startedAt));
  }
  const lastWorkerStart = Math.max(0, ...[...firstStart.values()].map((at) => at - t0));
  return { jobSeconds: ms / 1000, lastWorkerStart: lastWorkerStart / 1000 };
}

/**
 * The `note:` for a run with more than one worker that starting them dominated (the last one
 * began working later than the jobs' fair share of work per worker), or undefined. It gives the
 * run's own figures and a `--size` at which the jobs would outweigh the start-up ten times over.
 *
 * @example
 * ```ts
 * import { startupNote } from "./jobs.ts";
 * startupNote(4, { jobSeconds: 0.03, lastWorkerStart: 0.06 }, 262144);
 * // "the jobs took 0.03s in all, but the last of 4 workers started after 0.06s: ..."
 * ```
 */
export function startupNote(workers: number, times: RunTimes, size: number): string | undefined {
  const { jobSeconds, lastWorkerStart } = times;
  if (workers < 2 || jobSeconds <= 0 || lastWorkerStart <= jobSeconds / workers) return undefined;
  const scale = 2 ** Math.ceil(Math.log2(10 * lastWorkerStart * workers / jobSeconds));
  const bigger = Math.min(MAX_JOB_SIZE, size * Math.max(2, scale));
  return `the jobs took ${jobSeconds.toFixed(2)}s in all, but the last of ${workers} workers ` +
    `started after ${lastWorkerStart.toFixed(2)}s: at this size, starting workers costs more ` +
    `than they save; try --size ${bigger} to see them speed the jobs up`;
}

/**
 * A futures script's run: reads the command line of `deno task <task>`, starts a pool of the
 * timed task module's workers, submits the jobs `submitJobs` makes and waits for them as they
 * complete (the seed's `as_completed` loop), then shuts the pool down and prints the seed's
 * `status` line. When starting the workers took most of the run, one `note:` line on stderr
 * says so with this run's figures. A job that fails ends the process with one line on stderr
 * and exit status 1.
 *
 * @param taskModule the worker task module (lib/cpu/timed_tasks.ts), named by the script so
 * that its task's read grant covers it
 * @param status the seed's last line, from the worker count and the seconds the run took
 *
 * @example
 * ```ts ignore
 * const tasks = new URL("../lib/cpu/timed_tasks.ts", import.meta.url);
 * await runJobs(
 *   "sha:futures",
 *   tasks,
 *   (pool, args) => Array.from({ length: args.jobs }, () => pool.submit("sha", args.size)),
 *   (workers, seconds) => `${workers} workers, elapse time: ${seconds.toFixed(2)}s`,
 * );
 * ```
 */
export async function runJobs(
  task: keyof typeof JOB_SCRIPTS,
  taskModule: URL,
  submitJobs: (pool: CpuPool, args: ValuesOf<JobOptions>) => Future<Timed<unknown>>[],
  status: (workers: number, seconds: number) => string,
): Promise<void> {
  const { about, size, jobs } = JOB_SCRIPTS[task];
  const command = jobCommand(task, about, { size, jobs });
  const args = await runCommand(command);
  const recorder = args.timeline === undefined ? undefined : new TimelineRecorder();
  const t0 = performance.now();
  let workers: number;
  let results: Timed<unknown>[];
  try {
    await using pool: CpuPool = new WorkerPoolExecutor(taskModule, {
      maxWorkers: args.workers,
      observer: recorder,
    });
    workers = pool.maxWorkers;
    results = await completedResults(submitJobs(pool, args));
  } catch (error) {
    exitWithError(command, firstLine(error));
  }
  const report = status(workers, (performance.now() - t0) / 1000);
  console.log(report);
  if (recorder !== undefined) {
    await saveTimeline(args.timeline!, recorder, {
      title: commandTitle(`deno task ${task}`, Deno.args),
      subtitle: `${args.jobs} jobs of about ${args.size} bytes; ${report}`,
      laneName: "worker",
      describe: describeJob,
      what: "jobs",
    });
  }
  const note = startupNote(workers, runTimes(results, performance.timeOrigin + t0), args.size);
  if (note !== undefined) console.error(errorLine(command, note, "note"));
}

/** A job as a timeline bar: its task and size and, once done, the job's own time in its worker. */
function describeJob(call: FinishedCall): BarText {
  const label = `${call.target}(${call.args[0]} bytes)`;
  const text = { ...describeCall(call), label };
  if (call.outcome !== "returned") return text;
  return { ...text, result: `${(call.value as Timed<unknown>).ms.toFixed(1)} ms` };
}
